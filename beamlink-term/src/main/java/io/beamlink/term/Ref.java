package io.beamlink.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reference: node, creation and 1..5 32-bit id words (opaque; OTP 24+ sends up to 5). The
 * id array is copied in and out, so a reference is immutable.
 */
public final class Ref implements Term {
    public static final int MAX_IDS = 5;

    private final Atom node;
    private final int creation;
    private final int[] ids;

    public Ref(Atom node, int creation, int... ids) {
        this.node = Objects.requireNonNull(node, "node");
        if (ids.length < 1 || ids.length > MAX_IDS) {
            throw new IllegalArgumentException("a reference has 1.." + MAX_IDS + " id words, got " + ids.length);
        }
        this.creation = creation;
        this.ids = ids.clone();
    }

    public Atom node() {
        return node;
    }

    public int creation() {
        return creation;
    }

    public int idCount() {
        return ids.length;
    }

    public int id(int index) {
        return ids[index];
    }

    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Ref other && creation == other.creation
                && node.equals(other.node) && Arrays.equals(ids, other.ids));
    }

    @Override
    public int hashCode() {
        return (node.hashCode() * 31 + creation) * 31 + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
