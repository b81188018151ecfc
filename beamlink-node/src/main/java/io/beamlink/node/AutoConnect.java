package io.beamlink.node;

/** kernel's {@code dist_auto_connect}: when sending to an unconnected node connects to it. */
public enum AutoConnect {
    /** Always (the default). */
    ALWAYS,
    /** Until a connection to that node has gone down; after that only an explicit connect. */
    ONCE,
    /** Never; only {@code connect} makes connections. */
    NEVER
}
