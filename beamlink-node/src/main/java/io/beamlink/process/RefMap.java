package io.beamlink.process;

import io.beamlink.term.Ref;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Monitors by reference, for {@link Signals}. A process mostly holds one monitor at a time (a
 * gen call's, for the length of the call), and a server is mostly watched by one caller at a
 * time, so one entry lives in two fields and only the others go to a {@link HashMap}: the
 * monitor and demonitor of a call then neither hash nor allocate. Not thread-safe; Signals'
 * callers synchronize.
 */
final class RefMap<V> {
    private Ref soleRef;
    private V soleValue;
    private Map<Ref, V> others;

    void put(Ref ref, V value) {
        if (soleRef == null && (others == null || !others.containsKey(ref)) || ref.equals(soleRef)) {
            soleRef = ref;
            soleValue = value;
            return;
        }
        if (others == null) {
            others = new HashMap<>();
        }
        others.put(ref, value);
    }

    /** Removes and returns the entry of {@code ref}, or null when there is none. */
    V remove(Ref ref) {
        if (soleRef != null && (soleRef == ref || soleRef.equals(ref))) {
            V value = soleValue;
            soleRef = null;
            soleValue = null;
            return value;
        }
        return others == null ? null : others.remove(ref);
    }

    void removeIf(Predicate<V> unwanted) {
        if (soleRef != null && unwanted.test(soleValue)) {
            soleRef = null;
            soleValue = null;
        }
        if (others != null) {
            others.values().removeIf(unwanted);
        }
    }

    void forEach(BiConsumer<Ref, V> action) {
        if (soleRef != null) {
            action.accept(soleRef, soleValue);
        }
        if (others != null) {
            others.forEach(action);
        }
    }
}
