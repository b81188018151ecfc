package io.beamlink.epmd;

import java.io.IOException;

/**
 * A failure talking to an epmd: the message names the host and port and says what happened
 * and, where there is one, what to do about it.
 */
public class EpmdException extends IOException {
    public EpmdException(String message) {
        super(message);
    }

    public EpmdException(String message, Throwable cause) {
        super(message, cause);
    }
}
