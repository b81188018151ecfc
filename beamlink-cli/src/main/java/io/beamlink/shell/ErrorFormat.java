package io.beamlink.shell;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.TermPrinter;
import io.beamlink.term.Tuple;

/** Exceptions printed the way erl's shell prints them ({@code ** exception error: bad argument}). */
final class ErrorFormat {
    private ErrorFormat() {
    }

    static String format(ShellException e, TermPrinter printer) {
        String kind = e.kind().name();
        String text = "** exception " + kind + ": " + explain(e, printer);
        if (e.function() != null && e.kind().equals(ShellException.ERROR) && !isUndef(e)) {
            text += "\n     in function  " + e.function();
        }
        return text;
    }

    private static String explain(ShellException e, TermPrinter printer) {
        Term reason = e.reason();
        if (!e.kind().equals(ShellException.ERROR)) {
            return printer.format(reason);
        }
        if (isUndef(e)) {
            String function = e.function() == null ? "function" : e.function();
            return function.startsWith("shell command ") ? "undefined " + function : "undefined function " + function;
        }
        if (reason instanceof Atom a) {
            return switch (a.name()) {
                case "badarg" -> "bad argument";
                case "badarith" -> "an error occurred when evaluating an arithmetic expression";
                case "timeout_value" -> "bad receive timeout value";
                case "system_limit" -> "a system limit has been reached";
                default -> printer.format(reason);
            };
        }
        if (reason instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom tag) {
            switch (tag.name()) {
                case "badmatch" -> {
                    return "no match of right hand side value " + printer.format(t.get(1));
                }
                case "case_clause" -> {
                    return "no case clause matching " + printer.format(t.get(1));
                }
                default -> {
                    return printer.format(reason);
                }
            }
        }
        return printer.format(reason);
    }

    private static boolean isUndef(ShellException e) {
        return e.kind().equals(ShellException.ERROR) && e.reason().equals(Atom.of("undef"));
    }
}
