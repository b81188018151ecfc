package io.beamlink.epmd;

import java.net.InetAddress;

/**
 * OTP epmd's notion of a local peer, the only kind allowed to register, dump, kill or stop: a
 * loopback address (127.0.0.0/8 or ::1) or the very address the peer connected to.
 */
final class LocalPeers {
    private LocalPeers() {
    }

    static boolean isLocal(InetAddress remote, InetAddress local) {
        return remote != null && (remote.isLoopbackAddress() || remote.equals(local));
    }
}
