package io.beamlink.term;

import java.util.Objects;

/** An external fun, {@code fun Module:Function/Arity}. */
public record ExportFun(Atom module, Atom function, int arity) implements Term {
    public ExportFun {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        if (arity < 0 || arity > 255) {
            throw new IllegalArgumentException("arity out of range 0..255: " + arity);
        }
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
