package io.beamlink.term;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A map. Entries keep the order they were added or decoded in (so a decoded map re-encodes
 * byte for byte); equality ignores order, as in Erlang.
 *
 * <p>The entries are kept as an array of alternating keys and values; the hash map behind
 * {@link #entries()} and {@link #get} is built on first use, so decoding and re-encoding a map
 * (the distribution's hot path) never hashes its keys.
 */
public final class ErlMap implements Term {
    public static final ErlMap EMPTY = new ErlMap(new Term[0], Map.of());

    /** Keys at even indexes, each followed by its value; owned, never modified. */
    private final Term[] keysAndValues;
    /** Read-only view, built on first use; racy but safe, as every thread builds an equal one. */
    private Map<Term, Term> entries;

    private ErlMap(Term[] keysAndValues, Map<Term, Term> entries) {
        this.keysAndValues = keysAndValues;
        this.entries = entries;
    }

    public static ErlMap of(Map<? extends Term, ? extends Term> entries) {
        LinkedHashMap<Term, Term> copy = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, "map value")));
        return fromOwned(copy);
    }

    /** {@code #{K1 => V1, ...}} from alternating keys and values; a repeated key keeps its last value. */
    public static ErlMap of(Term... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        LinkedHashMap<Term, Term> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(Objects.requireNonNull(keysAndValues[i]), Objects.requireNonNull(keysAndValues[i + 1]));
        }
        return fromOwned(map);
    }

    private static ErlMap fromOwned(LinkedHashMap<Term, Term> map) {
        Term[] array = new Term[2 * map.size()];
        int i = 0;
        for (Map.Entry<Term, Term> entry : map.entrySet()) {
            array[i++] = entry.getKey();
            array[i++] = entry.getValue();
        }
        return new ErlMap(array, Collections.unmodifiableMap(map));
    }

    /**
     * Takes ownership of alternating keys and values, without duplicate keys, that the caller
     * will not touch again (decoders use this).
     */
    static ErlMap adopt(Term[] keysAndValues) {
        return keysAndValues.length == 0 ? EMPTY : new ErlMap(keysAndValues, null);
    }

    /** The entries, read-only, in insertion order. */
    public Map<Term, Term> entries() {
        Map<Term, Term> map = entries;
        if (map == null) {
            LinkedHashMap<Term, Term> built = LinkedHashMap.newLinkedHashMap(size());
            for (int i = 0; i < keysAndValues.length; i += 2) {
                built.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            // The wrapper's field is final, so a thread that sees the reference sees a complete map.
            map = Collections.unmodifiableMap(built);
            entries = map;
        }
        return map;
    }

    public int size() {
        return keysAndValues.length / 2;
    }

    /** The key of the entry at {@code index} in insertion order, for encoders that must not allocate. */
    Term keyAt(int index) {
        return keysAndValues[2 * index];
    }

    Term valueAt(int index) {
        return keysAndValues[2 * index + 1];
    }

    public Term get(Term key) {
        return entries().get(key);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ErlMap other && size() == other.size() && entries().equals(other.entries()));
    }

    @Override
    public int hashCode() {
        // As Map.hashCode, computed from the array so hashing a map (as a key of another) needs no index.
        int h = 0;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            h += keysAndValues[i].hashCode() ^ keysAndValues[i + 1].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
