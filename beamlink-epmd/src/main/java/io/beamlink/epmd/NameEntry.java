package io.beamlink.epmd;

import java.util.Objects;

/** One line of a NAMES reply: a registered node's alive name and its distribution port. */
public record NameEntry(String name, int port) {
    public NameEntry {
        Objects.requireNonNull(name, "name");
    }
}
