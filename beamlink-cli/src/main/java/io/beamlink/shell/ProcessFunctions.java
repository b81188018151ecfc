package io.beamlink.shell;

import io.beamlink.process.Mailbox;
import io.beamlink.process.ProcessBody;
import io.beamlink.process.Spawned;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.util.List;

/** Process BIFs on the shell's process: names, signals, links and monitors. */
final class ProcessFunctions {
    private static final Atom PROCESS = Atom.of("process");
    private static final Atom TRAP_EXIT = Atom.of("trap_exit");
    private static final Atom FLUSH = Atom.of("flush");

    private final ShellSession session;

    ProcessFunctions(ShellSession session) {
        this.session = session;
    }

    void install(FunctionTable table) {
        table.addBif("self", 0, "the shell's pid", args -> session.self().self());
        table.addBif("register", 2, "register(Name, Pid): name a local process", this::register);
        table.addBif("unregister", 1, "unregister(Name)", this::unregister);
        table.addBif("whereis", 1, "whereis(Name): the pid registered as Name, or undefined", this::whereis);
        table.addBif("registered", 0, "the registered names", args ->
                Term.list(session.node().processes().registered().toArray(Term[]::new)));
        table.addBif("exit", 2, "exit(Pid, Reason): send an exit signal", this::exitSignal);
        table.addBif("exit", 1, "exit(Reason): raise an exit in the shell", args -> {
            throw ShellException.exit(args.getFirst());
        });
        table.addBif("throw", 1, "throw(Value)", args -> {
            throw ShellException.thrown(args.getFirst());
        });
        table.addBif("error", 1, "error(Reason)", args -> {
            throw ShellException.error(args.getFirst());
        });
        table.addBif("link", 1, "link(Pid)", args -> {
            session.self().link(pid(args.getFirst()));
            return Atom.TRUE;
        });
        table.addBif("unlink", 1, "unlink(Pid)", args -> {
            session.self().unlink(pid(args.getFirst()));
            return Atom.TRUE;
        });
        table.addBif("monitor", 2, "monitor(process, Pid | Name | {Name, Node}): a monitor reference", this::monitor);
        table.addBif("demonitor", 1, "demonitor(Ref)", args -> demonitor(args.getFirst(), false));
        table.addBif("demonitor", 2, "demonitor(Ref, [flush])", args -> {
            List<Term> options = Arithmetic.elements(args.get(1));
            return demonitor(args.getFirst(), options.contains(FLUSH));
        });
        table.addBif("process_flag", 2, "process_flag(trap_exit, Bool): the old value", this::processFlag);
        table.addBif("is_process_alive", 1, "is_process_alive(Pid) for a local pid", args -> {
            Mailbox m = session.node().processes().local(pid(args.getFirst()));
            return Atom.of(m != null && m.isAlive());
        });
        table.addBif("spawn", 3, "spawn(beamlink, echo | counter | exit_after, Args): a built-in behaviour"
                + " (help: see docs/shell.md)", args -> session.node().spawn(behaviour(args)));
        table.addBif("spawn_link", 3, "spawn_link(beamlink, Behaviour, Args)",
                args -> session.node().spawnLink(session.self(), behaviour(args)));
        table.addBif("spawn_monitor", 3, "spawn_monitor(beamlink, Behaviour, Args): {Pid, Ref}", args -> {
            Spawned spawned = session.node().spawnMonitor(session.self(), behaviour(args));
            return Tuple.of(spawned.pid(), spawned.monitor());
        });
        table.addBif("make_ref", 0, "a new reference", args -> session.node().processes().makeRef());
        table.add("erlang", "send", 2, "erlang:send(Dest, Msg), which Dest ! Msg is: to a pid, a local name or"
                + " {Name, Node}", args -> send(args.get(0), args.get(1)));
    }

    private static ProcessBody behaviour(List<Term> args) throws ShellException {
        if (!(args.get(0) instanceof Atom module) || !(args.get(1) instanceof Atom name)) {
            throw ShellException.badarg();
        }
        List<Term> arguments = Arithmetic.elements(args.get(2));
        if (!module.name().equals(BuiltInBehaviours.MODULE)) {
            throw ShellException.error(Atom.of("undef")).in(module.name() + ":" + name.name() + "/" + arguments.size());
        }
        return BuiltInBehaviours.body(name, arguments);
    }

    private Term send(Term to, Term message) throws ShellException {
        Mailbox self = session.self();
        switch (to) {
            case Pid p -> self.send(p, message);
            case Atom name -> {
                if (session.node().processes().whereis(name) == null) {
                    throw ShellException.badarg();
                }
                self.send(name.name(), message);
            }
            case Tuple t when t.arity() == 2 && t.get(0) instanceof Atom name && t.get(1) instanceof Atom node ->
                    self.send(name, node, message);
            default -> throw ShellException.badarg();
        }
        return message;
    }

    private Term register(List<Term> args) throws ShellException {
        if (!(args.get(0) instanceof Atom name)) {
            throw ShellException.badarg();
        }
        Mailbox mailbox = session.node().processes().local(pid(args.get(1)));
        if (mailbox == null || !session.node().processes().register(name, mailbox)) {
            throw ShellException.badarg();
        }
        return Atom.TRUE;
    }

    private Term unregister(List<Term> args) throws ShellException {
        if (!(args.getFirst() instanceof Atom name) || !session.node().processes().unregister(name)) {
            throw ShellException.badarg();
        }
        return Atom.TRUE;
    }

    private Term whereis(List<Term> args) throws ShellException {
        if (!(args.getFirst() instanceof Atom name)) {
            throw ShellException.badarg();
        }
        Mailbox m = session.node().processes().whereis(name);
        return m == null ? Atom.UNDEFINED : m.self();
    }

    private Term exitSignal(List<Term> args) throws ShellException {
        session.self().exit(pid(args.get(0)), args.get(1));
        return Atom.TRUE;
    }

    private Term monitor(List<Term> args) throws ShellException {
        if (!args.get(0).equals(PROCESS)) {
            throw ShellException.badarg();
        }
        Mailbox self = session.self();
        Ref ref = switch (args.get(1)) {
            case Pid p -> self.monitor(p);
            case Atom name -> self.monitor(name, session.node().name());
            case Tuple t when t.arity() == 2 && t.get(0) instanceof Atom name && t.get(1) instanceof Atom node ->
                    self.monitor(name, node);
            default -> throw ShellException.badarg();
        };
        return ref;
    }

    private Term demonitor(Term ref, boolean flush) throws ShellException {
        if (!(ref instanceof Ref r)) {
            throw ShellException.badarg();
        }
        session.self().demonitor(r, flush);
        return Atom.TRUE;
    }

    private Term processFlag(List<Term> args) throws ShellException {
        if (!args.get(0).equals(TRAP_EXIT) || !(args.get(1) instanceof Atom flag) || !flag.isBoolean()) {
            throw ShellException.badarg();
        }
        return Atom.of(session.self().trapExit(flag.equals(Atom.TRUE)));
    }

    static Pid pid(Term t) throws ShellException {
        if (t instanceof Pid p) {
            return p;
        }
        throw ShellException.badarg();
    }
}
