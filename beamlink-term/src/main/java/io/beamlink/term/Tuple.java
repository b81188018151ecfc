package io.beamlink.term;

import java.util.Arrays;
import java.util.List;

/** A tuple. The element array is owned by the tuple and never exposed for writing. */
public final class Tuple implements Term {
    public static final Tuple EMPTY = new Tuple(new Term[0]);

    private final Term[] elements;

    private Tuple(Term[] elements) {
        this.elements = elements;
    }

    public static Tuple of(Term... elements) {
        return elements.length == 0 ? EMPTY : new Tuple(checked(elements.clone()));
    }

    public static Tuple of(List<? extends Term> elements) {
        return elements.isEmpty() ? EMPTY : new Tuple(checked(elements.toArray(new Term[0])));
    }

    /** Takes ownership of an array the caller will not touch again (decoders use this). */
    static Tuple adopt(Term[] elements) {
        return elements.length == 0 ? EMPTY : new Tuple(elements);
    }

    private static Term[] checked(Term[] elements) {
        for (Term t : elements) {
            if (t == null) {
                throw new NullPointerException("tuple element is null");
            }
        }
        return elements;
    }

    public int arity() {
        return elements.length;
    }

    /** The element at a zero-based index ({@code element(i + 1, T)} in Erlang). */
    public Term get(int index) {
        return elements[index];
    }

    public List<Term> elements() {
        return List.of(elements);
    }

    /** True when this is a tuple of {@code arity} elements whose first one is {@code tag}. */
    public boolean isTagged(Atom tag, int arity) {
        return elements.length == arity && arity > 0 && elements[0].equals(tag);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Tuple other && Arrays.equals(elements, other.elements));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
