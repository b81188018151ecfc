package io.beamlink.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * A local fun from another node. Beamlink cannot run Erlang code, so a fun is kept as the
 * bytes of its NEW_FUN_EXT encoding (from the Size field on, tag excluded) and re-emitted
 * bit-exact; {@link #module()}, {@link #index()}, {@link #uniq()} and {@link #arity()} are
 * decoded from them for printing and ordering.
 */
public final class Fun implements Term {
    private final Atom module;
    private final int arity;
    private final int index;
    private final long uniq;
    private final byte[] encoded;

    public Fun(Atom module, int arity, int index, long uniq, byte[] encoded) {
        this.module = Objects.requireNonNull(module, "module");
        this.arity = arity;
        this.index = index;
        this.uniq = uniq;
        this.encoded = encoded.clone();
    }

    public Atom module() {
        return module;
    }

    public int arity() {
        return arity;
    }

    /** OldIndex: the index Erlang prints in {@code #Fun<Module.Index.Uniq>}. */
    public int index() {
        return index;
    }

    /** OldUniq: the number Erlang prints last in {@code #Fun<Module.Index.Uniq>}. */
    public long uniq() {
        return uniq;
    }

    /** The NEW_FUN_EXT body: Size:32 and everything after it. */
    public byte[] encoded() {
        return encoded.clone();
    }

    byte[] encodedUnsafe() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Fun other && Arrays.equals(encoded, other.encoded));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
