package io.beamlink.term;

import java.util.Objects;

/** A port identifier: node, id (up to 64 bits with V4_PORT_EXT) and creation. */
public record Port(Atom node, long id, int creation) implements Term {
    public Port {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
