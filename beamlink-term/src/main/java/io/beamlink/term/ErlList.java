package io.beamlink.term;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A non-empty list: its elements and its tail, which is {@link Nil} for a proper list and any
 * other term for an improper one ({@code [a | b]}). The empty list is {@link Nil}.
 */
public final class ErlList implements Term {
    private final Term[] elements;
    private final Term tail;

    private ErlList(Term[] elements, Term tail) {
        this.elements = elements;
        this.tail = tail;
    }

    /** A proper list, or {@code []} when there are no elements. */
    public static Term of(List<? extends Term> elements) {
        return of(elements, Nil.NIL);
    }

    /**
     * {@code [E1, ..., En | Tail]}; just the tail when there are no elements. A list tail is
     * merged in ({@code [a | [b]]} is {@code [a, b]}), so each list has one representation.
     */
    public static Term of(List<? extends Term> elements, Term tail) {
        Objects.requireNonNull(tail, "tail");
        if (elements.isEmpty()) {
            return tail;
        }
        Term[] array = elements.toArray(new Term[0]);
        for (Term t : array) {
            Objects.requireNonNull(t, "list element is null");
        }
        if (tail instanceof ErlList rest) {
            Term[] merged = java.util.Arrays.copyOf(array, array.length + rest.elements.length);
            System.arraycopy(rest.elements, 0, merged, array.length, rest.elements.length);
            return new ErlList(merged, rest.tail);
        }
        return new ErlList(array, tail);
    }

    /**
     * Takes ownership of a non-empty array the caller will not touch again (decoders use this).
     * The tail must not be an {@code ErlList}.
     */
    static ErlList adopt(Term[] elements, Term tail) {
        return new ErlList(elements, tail);
    }

    /** A list of the characters of {@code text} as integers, as Erlang's {@code "text"}. */
    public static Term charlist(String text) {
        List<Term> codes = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> codes.add(Int.of(cp)));
        return of(codes);
    }

    public List<Term> elements() {
        return List.of(elements);
    }

    public int size() {
        return elements.length;
    }

    public Term get(int index) {
        return elements[index];
    }

    public Term tail() {
        return tail;
    }

    public boolean isProper() {
        return tail == Nil.NIL;
    }

    /**
     * The text when this is a proper list of Unicode code points (an Erlang string), else null.
     */
    public String asCharlist() {
        if (!isProper()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(elements.length);
        for (Term t : elements) {
            if (!(t instanceof Int(long v)) || v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                return null;
            }
            sb.appendCodePoint((int) v);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ErlList other
                && java.util.Arrays.equals(elements, other.elements) && tail.equals(other.tail));
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(elements) + tail.hashCode();
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
