package io.beamlink.shell;

import io.beamlink.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shell's variables: each bound once, kept in binding order for {@code b()}. */
final class Bindings {
    private final Map<String, Term> values;

    Bindings() {
        this(new LinkedHashMap<>());
    }

    private Bindings(Map<String, Term> values) {
        this.values = values;
    }

    Term get(String name) {
        return values.get(name);
    }

    boolean isBound(String name) {
        return values.containsKey(name);
    }

    void bind(String name, Term value) {
        values.put(name, value);
    }

    /** A copy to evaluate into, so a failed expression leaves the shell's bindings untouched. */
    Bindings copy() {
        return new Bindings(new LinkedHashMap<>(values));
    }

    /** Makes this hold exactly what {@code other} holds. */
    void replaceWith(Bindings other) {
        values.clear();
        values.putAll(other.values);
    }

    boolean forget(String name) {
        return values.remove(name) != null;
    }

    void forgetAll() {
        values.clear();
    }

    Map<String, Term> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
