package io.beamlink.otp;

import io.beamlink.Node;
import io.beamlink.process.ExitException;
import io.beamlink.process.ExitReasons;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The receive loop that runs a {@link GenServer}: gen_server's protocol around the callbacks. */
final class GenServerProcess<S> {
    private static final Logger LOG = LoggerFactory.getLogger(GenServerProcess.class);
    private static final Atom EXIT = Atom.of("EXIT");
    private static final Atom SYSTEM = Atom.of("system");
    private static final Atom GET_STATE = Atom.of("get_state");
    private static final Atom NORMAL = Atom.of("normal");
    private static final Atom SHUTDOWN = Atom.of("shutdown");

    private final GenServer<S> server;
    private final Pid parent;
    private S state;

    private GenServerProcess(GenServer<S> server, Pid parent) {
        this.server = server;
        this.parent = parent;
    }

    static <S> Pid start(Node node, GenServer<S> server, Term args, String name, Mailbox parent)
            throws CallException {
        CompletableFuture<Term> started = new CompletableFuture<>();
        GenServerProcess<S> process = new GenServerProcess<>(server, parent == null ? null : parent.self());
        Pid pid = parent == null
                ? node.spawn(self -> process.run(self, args, name, node, started))
                : node.spawnLink(parent, self -> process.run(self, args, name, node, started));
        try {
            Term outcome = started.get();
            if (outcome != null) {
                throw new CallException(outcome, pid);
            }
            return pid;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException(Atom.of("interrupted"), pid);
        } catch (ExecutionException e) {
            throw new CallException(Atom.of("init_crashed"), pid);
        }
    }

    private void run(Mailbox self, Term args, String name, Node node, CompletableFuture<Term> started)
            throws InterruptedException {
        if (name != null && !node.processes().register(Atom.of(name), self)) {
            Term reason = Tuple.of(Atom.of("already_started"),
                    node.whereis(name).<Term>map(p -> p).orElse(Atom.UNDEFINED));
            started.complete(reason);
            throw new ExitException(NORMAL);
        }
        try {
            state = server.init(self, args);
        } catch (ExitException e) {
            started.complete(e.reason());
            throw e;
        } catch (Exception e) {
            Term reason = ExitReasons.javaException(e);
            started.complete(reason);
            throw new ExitException(reason);
        }
        started.complete(null);
        loop(self);
    }

    private void loop(Mailbox self) throws InterruptedException {
        while (true) {
            Term message = self.receive();
            Next<S> next;
            try {
                next = dispatch(self, message);
            } catch (ExitException e) {
                stop(e.reason());
                throw e;
            } catch (Exception e) {
                Term reason = ExitReasons.javaException(e);
                LOG.error("gen_server {} terminating on {}", self.self(), message, e);
                stop(reason);
                throw new ExitException(reason);
            }
            if (next == null) {
                continue;
            }
            switch (next) {
                case Next.Reply<S> r -> state = r.state();
                case Next.NoReply<S> r -> state = r.state();
                case Next.Stop<S> r -> {
                    state = r.state();
                    stop(r.reason());
                    throw new ExitException(r.reason());
                }
            }
        }
    }

    /** Handles one message; null when it was a protocol message that needs no state change. */
    private Next<S> dispatch(Mailbox self, Term message) throws Exception {
        if (message instanceof Tuple t && t.isTagged(GenCall.GEN_CALL, 3)
                && t.get(1) instanceof Tuple f && f.arity() == 2 && f.get(0) instanceof Pid caller) {
            From from = new From(caller, f.get(1));
            Next<S> next = server.handleCall(t.get(2), from, state);
            switch (next) {
                case Next.Reply<S> r -> GenServer.reply(self, from, r.reply());
                case Next.Stop<S> s when s.reply() != null -> GenServer.reply(self, from, s.reply());
                default -> { }
            }
            return next;
        }
        if (message instanceof Tuple t && t.isTagged(GenServer.GEN_CAST, 2)) {
            return checked(server.handleCast(t.get(1), state), "handleCast");
        }
        if (message instanceof Tuple t && t.isTagged(EXIT, 3) && t.get(1).equals(parent)) {
            // The parent (a supervisor) ends us: gen_server terminates with the parent's reason.
            return Next.stop(t.get(2), state);
        }
        if (message instanceof Tuple t && t.isTagged(SYSTEM, 3) && t.get(2).equals(GET_STATE)
                && t.get(1) instanceof Tuple f && f.arity() == 2 && f.get(0) instanceof Pid caller) {
            // sys:get_state/1 on a Java server answers with the state when it is a term.
            Term answer = state instanceof Term term ? term : io.beamlink.term.Binary.utf8(String.valueOf(state));
            GenServer.reply(self, new From(caller, f.get(1)), answer);
            return null;
        }
        return checked(server.handleInfo(message, state), "handleInfo");
    }

    private Next<S> checked(Next<S> next, String callback) {
        if (next instanceof Next.Reply<S>) {
            throw new IllegalStateException(callback + " cannot reply: there is no caller");
        }
        return next;
    }

    private void stop(Term reason) {
        try {
            server.terminate(reason, state);
        } catch (RuntimeException e) {
            LOG.error("terminate failed", e);
        }
        if (!reason.equals(NORMAL) && !reason.equals(SHUTDOWN)
                && !(reason instanceof Tuple t && t.isTagged(SHUTDOWN, 2))) {
            LOG.error("gen_server terminated with reason {}", reason);
        }
    }


}
