package io.beamlink.epmd;

/** What a STOP_REQ achieved (epmd honours it only when started with relaxed command check). */
public enum StopOutcome {
    /** The name was registered; epmd closed its registration connection. */
    STOPPED,
    /** No node of that name was registered. */
    NOT_REGISTERED
}
