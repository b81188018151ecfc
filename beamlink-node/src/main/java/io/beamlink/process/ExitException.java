package io.beamlink.process;

import io.beamlink.term.Term;

/**
 * The mailbox was killed by an exit signal (a linked process died, or {@code exit/2}) while it
 * did not trap exits. {@link #reason()} is the Erlang exit reason.
 */
public final class ExitException extends RuntimeException {
    private final transient Term reason;

    public ExitException(Term reason) {
        super("exited: " + reason);
        this.reason = reason;
    }

    public Term reason() {
        return reason;
    }
}
