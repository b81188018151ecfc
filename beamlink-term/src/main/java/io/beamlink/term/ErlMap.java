package io.beamlink.term;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A map. Entries keep the order they were added or decoded in (so a decoded map re-encodes
 * byte for byte); equality ignores order, as in Erlang.
 */
public final class ErlMap implements Term {
    public static final ErlMap EMPTY = new ErlMap(Map.of());

    /** Owned, never modified after construction; {@link #entries} is its read-only view. */
    private final Map<Term, Term> owned;
    private final Map<Term, Term> entries;

    private ErlMap(Map<Term, Term> owned) {
        this.owned = owned;
        this.entries = Collections.unmodifiableMap(owned);
    }

    public static ErlMap of(Map<? extends Term, ? extends Term> entries) {
        LinkedHashMap<Term, Term> copy = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, "map value")));
        return new ErlMap(copy);
    }

    /** {@code #{K1 => V1, ...}} from alternating keys and values. */
    public static ErlMap of(Term... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        LinkedHashMap<Term, Term> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(Objects.requireNonNull(keysAndValues[i]), Objects.requireNonNull(keysAndValues[i + 1]));
        }
        return new ErlMap(map);
    }

    /** Takes ownership of a map the caller will not touch again (decoders use this). */
    static ErlMap adopt(LinkedHashMap<Term, Term> entries) {
        return new ErlMap(entries);
    }

    /** The entries, read-only, in insertion order. */
    public Map<Term, Term> entries() {
        return entries;
    }

    /** The entries without the read-only wrapper, whose iterator allocates per entry; callers must not modify. */
    Map<Term, Term> entriesUnsafe() {
        return owned;
    }

    public int size() {
        return entries.size();
    }

    public Term get(Term key) {
        return entries.get(key);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ErlMap other && entries.equals(other.entries));
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
