package io.beamlink.term;

/** Prints terms in Erlang syntax, as {@code erl} shows them. (Placeholder: replaced by the text module.) */
public final class TermPrinter {
    private TermPrinter() {
    }

    public static String print(Term term) {
        return String.valueOf(term.getClass().getSimpleName());
    }
}
