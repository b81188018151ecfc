package io.beamlink.epmd;

/**
 * An epmd sent a reply that is not what the protocol allows: the message says what was wrong
 * and at which byte offset of the reply; {@link #reply()} holds the bytes received.
 */
public final class EpmdReplyException extends EpmdException {
    private final byte[] reply;

    public EpmdReplyException(String message, byte[] reply) {
        super(message);
        this.reply = reply.clone();
    }

    /** The reply bytes received before the problem was found. */
    public byte[] reply() {
        return reply.clone();
    }
}
