package io.beamlink.dist;

import java.io.IOException;

/** A distribution handshake that did not complete; the message says which step and why. */
public class HandshakeException extends IOException {
    private final String status;

    public HandshakeException(String message) {
        this(message, null, null);
    }

    public HandshakeException(String message, String status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The status the acceptor sent ({@code nok}, {@code not_allowed}, ...), or null. */
    public String status() {
        return status;
    }
}
