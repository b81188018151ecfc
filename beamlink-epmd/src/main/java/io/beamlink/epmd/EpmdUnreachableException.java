package io.beamlink.epmd;

/**
 * No epmd could be reached: the connection was refused (nothing listens on the port) or the
 * address is unreachable. A node that may start its own epmd does so on this exception and
 * retries, as {@code erl} does.
 */
public final class EpmdUnreachableException extends EpmdException {
    public EpmdUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
