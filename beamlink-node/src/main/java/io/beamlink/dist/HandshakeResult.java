package io.beamlink.dist;

import java.time.Duration;

/**
 * A completed handshake: who the peer is and what both sides agreed on.
 *
 * @param peerName the peer's full node name
 * @param peerFlags the flags the peer advertised (digest expanded)
 * @param peerCreation the peer's creation
 * @param flags the negotiated flags: ours AND the peer's
 * @param initiated true when we dialled the peer
 * @param duration how long the handshake took
 */
public record HandshakeResult(String peerName, long peerFlags, int peerCreation, long flags, boolean initiated,
        Duration duration) {

    /** Visible only when both sides published themselves. */
    public boolean visible() {
        return (flags & DistFlags.PUBLISHED) != 0;
    }
}
