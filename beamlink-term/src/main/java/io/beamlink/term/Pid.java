package io.beamlink.term;

import java.util.Objects;

/**
 * A process identifier: the node it lives on, its id and serial (each 32 bits, unsigned, with
 * DFLAG_V4_NC), and the creation of the node incarnation that made it (32 bits, unsigned).
 * Remote pids are echoed back bit-exact, creation included.
 */
public record Pid(Atom node, int id, int serial, int creation) implements Term {
    public Pid {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
