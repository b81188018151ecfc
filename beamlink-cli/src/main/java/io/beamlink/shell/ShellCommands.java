package io.beamlink.shell;

import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** The shell's own commands: {@code help()}, {@code q()}, {@code flush()}, {@code b()}, {@code pid/3}. */
final class ShellCommands {
    private final ShellSession session;

    ShellCommands(ShellSession session) {
        this.session = session;
    }

    void install(FunctionTable table) {
        table.addCommand("help", 0, "this list", args -> help());
        table.addCommand("q", 0, "quit the shell and stop the node", args -> quit());
        table.addBif("halt", 0, "quit the shell and stop the node", args -> quit());
        table.add("init", "stop", 0, "quit the shell and stop the node", args -> quit());
        table.addCommand("flush", 0, "print and remove every message waiting for the shell", args -> flush());
        table.addCommand("b", 0, "print the variable bindings", args -> bindings());
        table.addCommand("pid", 3, "pid(0, Id, Serial): the local pid <0.Id.Serial>", this::pid);
    }

    private Term help() {
        PrintStream out = session.out();
        out.println("Beamlink shell: Erlang expressions evaluated on this Java node. End each command with '.'.");
        out.println("Terms, variables (bound once), Pid ! Msg, M:F(Args), case/receive ... after N -> ... end,");
        out.println("catch, begin ... end, arithmetic and comparisons. Only these functions exist:");
        out.println(String.format("  %-34s %s", "f(), f(X)", "forget all bindings, or X"));
        for (FunctionTable.Entry e : session.functions().entries()) {
            out.println(String.format("  %-34s %s", e.displayName(), e.help()));
        }
        return Atom.TRUE;
    }

    private Term quit() {
        session.requestQuit();
        return Atom.OK;
    }

    /** Prints each waiting message as erl does, {@code Shell got Msg}; stops at what was there when called. */
    private Term flush() throws InterruptedException {
        Mailbox self = session.self();
        int waiting = self.queueLength();
        for (int i = 0; i < waiting; i++) {
            Term message = self.receive(Duration.ZERO);
            if (message == null) {
                break;
            }
            session.out().println("Shell got " + session.printer().format(message));
        }
        return Atom.OK;
    }

    private Term bindings() {
        for (Map.Entry<String, Term> e : session.bindings().asMap().entrySet()) {
            session.out().println(e.getKey() + " = " + session.printer().format(e.getValue()));
        }
        return Atom.OK;
    }

    /** {@code pid(0, Id, Serial)}: local pids only; other nodes' numbers mean nothing outside a printer. */
    private Term pid(java.util.List<Term> args) throws ShellException {
        if (!(args.get(0) instanceof Int(long nodeIndex)) || nodeIndex != 0
                || !(args.get(1) instanceof Int(long id)) || !(args.get(2) instanceof Int(long serial))) {
            throw ShellException.badarg();
        }
        for (Mailbox m : session.node().processes().mailboxes()) {
            Pid p = m.self();
            if (p.id() == id && p.serial() == serial) {
                return p;
            }
        }
        int creation = session.node().netKernel().map(k -> k.creation()).orElse(0);
        return new Pid(session.node().name(), (int) id, (int) serial, creation);
    }
}
