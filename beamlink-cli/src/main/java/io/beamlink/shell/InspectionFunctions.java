package io.beamlink.shell;

import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.util.List;

/**
 * Looking inside distribution, as the Erlang walkthrough does: {@code inet:i()},
 * {@code sys:get_state(net_kernel)} and {@code erlang:trace(ConnPid, true, [all])}.
 */
final class InspectionFunctions {
    private static final Atom NET_KERNEL = Atom.of("net_kernel");

    private final ShellSession session;

    InspectionFunctions(ShellSession session) {
        this.session = session;
    }

    void install(FunctionTable table) {
        table.add("inet", "i", 0, "inet:i(): the distribution sockets (listen, epmd, connections)", args -> sockets());
        table.add("sys", "get_state", 1, "sys:get_state(net_kernel): the connection table, OTP's record shape",
                this::state);
        table.add("erlang", "trace", 3, "erlang:trace(ConnPid, true | false, [all]): a connection's frames and ticks"
                + " as messages to the shell (see flush())", this::trace);
    }

    private Term sockets() {
        NetKernel kernel = session.node().netKernel().orElse(null);
        if (kernel == null) {
            session.out().print(SocketTable.format(List.of()));
            return Atom.OK;
        }
        session.pruneStandIns();
        session.out().print(SocketTable.format(SocketTable.rows(kernel, session.standIns(), session.printer())));
        return Atom.OK;
    }

    private Term state(List<Term> args) throws ShellException {
        if (!args.getFirst().equals(NET_KERNEL)) {
            throw ShellException.error(Tuple.of(Atom.of("unsupported"), args.getFirst()));
        }
        NetKernel kernel = session.node().netKernel().orElse(null);
        if (kernel == null) {
            throw ShellException.exit(Tuple.of(Atom.of("noproc"),
                    Tuple.of(Atom.of("sys"), Atom.of("get_state"), Term.list(NET_KERNEL))));
        }
        session.pruneStandIns();
        return NetKernelState.of(kernel, session.standIns(), session.node().name());
    }

    private Term trace(List<Term> args) throws ShellException {
        if (!(args.get(0) instanceof Pid handler) || !(args.get(1) instanceof Atom how) || !how.isBoolean()) {
            throw ShellException.badarg();
        }
        ConnectionTracing.Flags flags = ConnectionTracing.Flags.of(Arithmetic.elements(args.get(2)));
        session.pruneStandIns();
        if (how.equals(Atom.FALSE)) {
            return Int.of(session.tracing().stop(handler) ? 1 : 0);
        }
        Connection connection = session.standIns().connectionOf(handler).orElseThrow(ShellException::badarg);
        session.tracing().start(connection, session.standIns().mailbox(StandInProcesses.handlerOf(connection)),
                session.self().self(), flags);
        return Int.of(1);
    }
}
