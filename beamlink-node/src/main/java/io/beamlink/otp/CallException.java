package io.beamlink.otp;

import io.beamlink.term.Term;

/**
 * A gen call that did not get a reply: the server was not there ({@code noproc}), its node was
 * lost ({@code noconnection}), it took too long ({@code timeout}) or it exited while serving the
 * call (its exit reason).
 */
public final class CallException extends Exception {
    private final transient Term reason;
    private final transient Term server;

    public CallException(Term reason, Term server) {
        super("call to " + server + " failed: " + reason);
        this.reason = reason;
        this.server = server;
    }

    public Term reason() {
        return reason;
    }

    public Term server() {
        return server;
    }
}
