package io.beamlink.cli;

/** Input that a command cannot convert; the message says why, for the user. */
final class BadInputException extends Exception {
    BadInputException(String message) {
        super(message);
    }
}
