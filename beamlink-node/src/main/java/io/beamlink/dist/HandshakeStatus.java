package io.beamlink.dist;

/** The acceptor's answer to a peer's name message (dist_util's status values). */
public enum HandshakeStatus {
    /** Go on. */
    OK("ok"),
    /** Both sides were connecting; the peer's attempt wins and ours is dropped. */
    OK_SIMULTANEOUS("ok_simultaneous"),
    /** Both sides were connecting; our attempt wins, the peer must give up this one. */
    NOK("nok"),
    /** Refused: not allowed, or required flags missing. */
    NOT_ALLOWED("not_allowed"),
    /** We already have a live connection to the peer's name (the peer may have restarted). */
    ALIVE("alive");

    private final String wire;

    HandshakeStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
