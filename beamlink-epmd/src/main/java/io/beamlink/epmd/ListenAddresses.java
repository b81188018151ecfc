package io.beamlink.epmd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the daemon listens, by OTP epmd's rule: without addresses, on every address (OTP opens
 * an IPv4 and an IPv6 socket; one dual-stack socket does the same here); with addresses, on
 * those plus 127.0.0.1 and ::1 when they are missing, so local nodes always reach it.
 */
final class ListenAddresses {
    /** One address to bind; {@code address} null means every address. */
    record Target(InetAddress address, boolean implicitLoopback) {
        /** The address as OTP's messages print it. */
        String display() {
            return address == null ? "0.0.0.0" : address.getHostAddress();
        }
    }

    private static final InetAddress IPV4_LOOPBACK = literal(new byte[] {127, 0, 0, 1});
    private static final InetAddress IPV6_LOOPBACK = literal(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private ListenAddresses() {
    }

    static List<Target> resolve(List<InetAddress> configured) {
        if (configured.isEmpty()) {
            return List.of(new Target(null, false));
        }
        List<Target> targets = new ArrayList<>();
        for (InetAddress address : configured) {
            if (targets.stream().noneMatch(t -> address.equals(t.address()))) {
                targets.add(new Target(address, false));
            }
        }
        if (!configured.contains(IPV4_LOOPBACK)) {
            targets.add(new Target(IPV4_LOOPBACK, true));
        }
        if (configured.stream().noneMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress())) {
            targets.add(new Target(IPV6_LOOPBACK, true));
        }
        return targets;
    }

    /** How many sockets OTP's epmd would open for these targets (every address takes two). */
    static int otpSocketCount(List<Target> targets) {
        return targets.size() == 1 && targets.get(0).address() == null ? 2 : targets.size();
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
