package io.beamlink.dist;

import java.io.IOException;

/** A peer broke the distribution protocol after the handshake; its connection is closed. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
