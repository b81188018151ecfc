package io.beamlink.shell;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;

/**
 * An Erlang exception raised while the shell evaluated an expression: class {@code error},
 * {@code exit} or {@code throw} and a reason, plus the function it happened in when a
 * built-in raised it. The shell prints it as erl does and goes on.
 */
public final class ShellException extends Exception {
    static final Atom ERROR = Atom.of("error");
    static final Atom EXIT = Atom.of("exit");
    static final Atom THROW = Atom.of("throw");
    static final Atom BADARG = Atom.of("badarg");

    private final transient Atom kind;
    private final transient Term reason;
    private final String function;

    private ShellException(Atom kind, Term reason, String function) {
        super(kind.name() + ":" + reason);
        this.kind = kind;
        this.reason = reason;
        this.function = function;
    }

    static ShellException error(Term reason) {
        return new ShellException(ERROR, reason, null);
    }

    static ShellException error(String reason) {
        return error(Atom.of(reason));
    }

    static ShellException badarg() {
        return error(BADARG);
    }

    static ShellException exit(Term reason) {
        return new ShellException(EXIT, reason, null);
    }

    static ShellException thrown(Term value) {
        return new ShellException(THROW, value, null);
    }

    /** {@code error:{badmatch, Value}}. */
    static ShellException badmatch(Term value) {
        return error(Tuple.of(Atom.of("badmatch"), value));
    }

    /** The same exception, noted as raised in {@code function} (like {@code register/2}). */
    ShellException in(String function) {
        return this.function != null ? this : new ShellException(kind, reason, function);
    }

    /** {@code error}, {@code exit} or {@code throw}. */
    public Atom kind() {
        return kind;
    }

    public Term reason() {
        return reason;
    }

    /** The built-in that raised it ({@code register/2}), or null. */
    public String function() {
        return function;
    }
}
