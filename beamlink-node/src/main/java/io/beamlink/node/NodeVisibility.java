package io.beamlink.node;

/** Which connected nodes {@code nodes/1} lists. */
public enum NodeVisibility {
    /** {@code nodes()} / {@code nodes(visible)}: published peers. */
    VISIBLE,
    /** {@code nodes(hidden)}. */
    HIDDEN,
    /** {@code nodes(connected)}: both. */
    CONNECTED
}
