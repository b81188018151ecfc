package io.beamlink.shell;

import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Port;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's {@code sys:get_state(net_kernel)}: the node's distribution state in the shape of
 * OTP 25's net_kernel state record, so it reads like erl's:
 * <pre>
 * {state, Node, shortnames | longnames,
 *         {tick, TickerPid, NetTickTimeMillis, TickIntensity},
 *         SetupTimeMillis, sys_dist,
 *         #{HandlerPid => PeerNode},          % connection handlers (conn_owners)
 *         #{#Port&lt;0.N&gt; => PeerNode},         % connection sockets (dist_ctrlrs)
 *         #{},                                % pending connections (not shown)
 *         [{listen, #Port&lt;0.L&gt;, AcceptorPid,
 *           {net_address, {IP, ListenPort}, Host, tcp, inet | inet6}, inet_tcp_dist | inet6_tcp_dist}],
 *         [], 0, #{}, net_sup, #{}}
 * </pre>
 * Pids and ports are the {@link StandInProcesses stand-ins} that {@code inet:i()} shows too;
 * the last five fields are OTP's allowed list, verbosity, name pool, supervisor and request map,
 * which Beamlink does not have, at their defaults.
 */
final class NetKernelState {
    private NetKernelState() {
    }

    static Term of(NetKernel kernel, StandInProcesses standIns, Atom self) {
        int creation = kernel.creation();
        Map<Term, Term> handlers = new LinkedHashMap<>();
        Map<Term, Term> sockets = new LinkedHashMap<>();
        for (Connection c : kernel.connections()) {
            StandInProcesses.Part handler = StandInProcesses.handlerOf(c);
            handlers.put(standIns.pid(handler), c.peer());
            sockets.put(new Port(self, standIns.socketNumber(handler), creation), c.peer());
        }
        StandInProcesses.Part acceptor = StandInProcesses.acceptorOf(kernel);
        InetSocketAddress listen = (InetSocketAddress) kernel.listenAddress();
        boolean ipv6 = !(listen.getAddress() instanceof Inet4Address);
        Term netAddress = Tuple.of(Atom.of("net_address"), Tuple.of(ipTuple(listen.getAddress()), Int.of(listen.getPort())),
                ErlList.charlist(kernel.name().host()), Atom.of("tcp"), Atom.of(ipv6 ? "inet6" : "inet"));
        Term listenEntry = Tuple.of(Atom.of("listen"), new Port(self, standIns.socketNumber(acceptor), creation),
                standIns.pid(acceptor), netAddress, Atom.of(ipv6 ? "inet6_tcp_dist" : "inet_tcp_dist"));
        Term tick = Tuple.of(Atom.of("tick"), standIns.pid(StandInProcesses.tickerOf(kernel)),
                Int.of(kernel.config().netTickTime().toMillis()), Int.of(kernel.config().connection().tickIntensity()));
        return Tuple.of(Atom.of("state"), self, Atom.of(kernel.name().longName() ? "longnames" : "shortnames"), tick,
                Int.of(kernel.config().setupTimeout().toMillis()), Atom.of("sys_dist"), ErlMap.of(handlers),
                ErlMap.of(sockets), ErlMap.EMPTY, ErlList.of(List.of(listenEntry)), Nil.NIL, Int.of(0), ErlMap.EMPTY,
                Atom.of("net_sup"), ErlMap.EMPTY);
    }

    /** {@code {127,0,0,1}}, or eight 16-bit groups for IPv6, as inet represents addresses. */
    static Term ipTuple(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return Tuple.of(Int.of(bytes[0] & 0xff), Int.of(bytes[1] & 0xff), Int.of(bytes[2] & 0xff),
                    Int.of(bytes[3] & 0xff));
        }
        Term[] groups = new Term[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Int.of(((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
        }
        return Tuple.of(groups);
    }
}
