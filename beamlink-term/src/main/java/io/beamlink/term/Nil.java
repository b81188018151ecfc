package io.beamlink.term;

/** The empty list {@code []}. */
public final class Nil implements Term {
    public static final Nil NIL = new Nil();

    private Nil() {
    }

    @Override
    public String toString() {
        return "[]";
    }
}
