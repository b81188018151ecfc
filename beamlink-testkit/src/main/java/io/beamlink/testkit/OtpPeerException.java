package io.beamlink.testkit;

/**
 * A peer or daemon could not be used at all: it did not start, died, or did not answer in
 * time. The message carries what the process printed, which usually says why.
 */
public final class OtpPeerException extends RuntimeException {

    OtpPeerException(String message) {
        super(message);
    }

    OtpPeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
