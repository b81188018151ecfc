package io.beamlink.shell;

import io.beamlink.dist.Connection;
import io.beamlink.dist.ConnectionStats;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.node.NetKernel;
import io.beamlink.term.TermPrinter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shell's {@code inet:i()}: the node's distribution sockets in OTP's table (Port, Module,
 * Recv, Sent, Owner, Local Address, Foreign Address, State, Type): the listen socket, the epmd
 * registration connection and each distribution connection. Owners and port numbers are the
 * {@link StandInProcesses stand-ins}. Addresses print as erl prints them on a host whose
 * loopback is {@code localhost}, without name look-ups.
 */
final class SocketTable {
    private static final List<String> HEADER = List.of("Port", "Module", "Recv", "Sent", "Owner", "Local Address",
            "Foreign Address", "State", "Type");

    /** One socket. */
    record Row(int port, String module, long received, long sent, String owner, String localAddress,
            String foreignAddress, String state) {
        List<String> cells() {
            return List.of(Integer.toString(port), module, Long.toString(received), Long.toString(sent), owner,
                    localAddress, foreignAddress, state, "STREAM");
        }
    }

    private SocketTable() {
    }

    static List<Row> rows(NetKernel kernel, StandInProcesses standIns, TermPrinter printer) {
        List<Row> rows = new ArrayList<>();
        StandInProcesses.Part listener = StandInProcesses.acceptorOf(kernel);
        rows.add(new Row(standIns.socketNumber(listener), module(kernel.listenAddress()), 0, 0,
                printer.format(standIns.pid(listener)), address(kernel.listenAddress()), "*:*", "ACCEPTING"));
        kernel.epmdRegistration().ifPresent(registration -> rows.add(epmdRow(registration, standIns, printer)));
        for (Connection c : kernel.connections()) {
            StandInProcesses.Part handler = StandInProcesses.handlerOf(c);
            ConnectionStats stats = c.stats();
            rows.add(new Row(standIns.socketNumber(handler), module(c.localAddress()), stats.bytesIn(),
                    stats.bytesOut(), printer.format(standIns.pid(handler)), address(c.localAddress()),
                    address(c.remoteAddress()), c.isOpen() ? "CONNECTED(O)" : "CLOSED"));
        }
        rows.sort(Comparator.comparingInt(Row::port));
        return rows;
    }

    private static Row epmdRow(EpmdRegistration registration, StandInProcesses standIns, TermPrinter printer) {
        StandInProcesses.Part owner = StandInProcesses.epmdOwnerOf(registration);
        return new Row(standIns.socketNumber(owner), module(registration.localAddress()), registration.bytesReceived(),
                registration.bytesSent(), printer.format(standIns.pid(owner)), address(registration.localAddress()),
                address(registration.remoteAddress()), registration.isOpen() ? "CONNECTED(O)" : "CLOSED");
    }

    /** The table as erl prints it: columns left-aligned, each as wide as its widest cell plus one space. */
    static String format(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row row : rows) {
            lines.add(row.cells());
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                out.append(line.get(i)).append(" ".repeat(widths[i] - line.get(i).length() + 1));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String module(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getAddress() instanceof Inet6Address ? "inet6_tcp"
                : "inet_tcp";
    }

    static String address(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a) || a.getAddress() == null) {
            return "*:*";
        }
        if (a.getAddress().isAnyLocalAddress()) {
            return "*:" + a.getPort();
        }
        if (a.getAddress().isLoopbackAddress()) {
            return "localhost:" + a.getPort();
        }
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
