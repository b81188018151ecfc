package io.beamlink.shell;

import io.beamlink.term.Term;
import java.util.List;

/** A function the shell can call, such as {@code erlang:node/0} or {@code inet:i/0}. */
@FunctionalInterface
interface Builtin {
    Term apply(List<Term> args) throws ShellException, InterruptedException;
}
