package io.beamlink.otp;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;

/**
 * An Erlang exception raised from Java code that Erlang callers see as such: class
 * {@code error}, {@code throw} or {@code exit} with a reason. An rpc handler that throws
 * {@code ErlangException.error(badarg)} makes {@code erpc:call} raise {@code error:badarg}
 * (wrapped as OTP wraps it).
 */
public final class ErlangException extends Exception {
    public static final Atom ERROR = Atom.of("error");
    public static final Atom THROW = Atom.of("throw");
    public static final Atom EXIT = Atom.of("exit");

    private final transient Atom kind;
    private final transient Term reason;

    private ErlangException(Atom kind, Term reason) {
        super(kind.name() + ":" + reason);
        this.kind = kind;
        this.reason = reason;
    }

    public static ErlangException error(Term reason) {
        return new ErlangException(ERROR, reason);
    }

    public static ErlangException throwing(Term value) {
        return new ErlangException(THROW, value);
    }

    public static ErlangException exit(Term reason) {
        return new ErlangException(EXIT, reason);
    }

    /** {@code error}, {@code throw} or {@code exit}. */
    public Atom kind() {
        return kind;
    }

    public Term reason() {
        return reason;
    }
}
