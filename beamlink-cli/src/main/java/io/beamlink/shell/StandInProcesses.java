package io.beamlink.shell;

import io.beamlink.Node;
import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Pid;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pids and port numbers for the parts of distribution that are processes and ports in OTP but
 * plain Java objects in Beamlink: each connection's handler (dist_util's connection process),
 * the listener's acceptor, the ticker and the epmd registration's owner ({@code erl_epmd}).
 * The shell allocates a mailbox per part the first time a table shows it, so that
 * {@code sys:get_state(net_kernel)} and {@code inet:i()} have pids to show and
 * {@code erlang:trace(ConnPid, ...)} has a pid to name; the mailbox represents the part, and
 * goes away with it. Each part also gets a socket number, shown as {@code inet:i()}'s Port
 * column and as {@code #Port<0.N>} in the net_kernel state.
 */
final class StandInProcesses implements AutoCloseable {
    /** What a stand-in represents: a connection, or a role of a kernel or registration. */
    record Part(Object owner, String role) {
    }

    private record StandIn(Mailbox mailbox, int socketNumber) {
    }

    private final Node node;
    private final Map<Part, StandIn> standIns = new HashMap<>();
    private int nextSocketNumber = 1;

    StandInProcesses(Node node) {
        this.node = node;
    }

    static Part handlerOf(Connection c) {
        return new Part(c, "connection");
    }

    static Part acceptorOf(NetKernel k) {
        return new Part(k, "acceptor");
    }

    static Part tickerOf(NetKernel k) {
        return new Part(k, "ticker");
    }

    static Part epmdOwnerOf(Object registration) {
        return new Part(registration, "erl_epmd");
    }

    /** The stand-in pid of {@code part}, allocated on first use. */
    Pid pid(Part part) {
        return standIn(part).mailbox().self();
    }

    /** The socket number of {@code part}. */
    int socketNumber(Part part) {
        return standIn(part).socketNumber();
    }

    Mailbox mailbox(Part part) {
        return standIn(part).mailbox();
    }

    /** The connection whose handler {@code pid} stands for, if it is one. */
    Optional<Connection> connectionOf(Pid pid) {
        for (Map.Entry<Part, StandIn> e : standIns.entrySet()) {
            if (e.getValue().mailbox().self().equals(pid) && e.getKey().owner() instanceof Connection c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Ends the stand-ins of parts that are gone (closed connections, a stopped kernel). */
    void forgetUnless(Predicate<Part> alive) {
        Iterator<Map.Entry<Part, StandIn>> it = standIns.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Part, StandIn> e = it.next();
            if (!alive.test(e.getKey())) {
                e.getValue().mailbox().close();
                it.remove();
            }
        }
    }

    private StandIn standIn(Part part) {
        return standIns.computeIfAbsent(part, p -> new StandIn(node.mailbox(), nextSocketNumber++));
    }

    @Override
    public void close() {
        forgetUnless(part -> false);
    }
}
