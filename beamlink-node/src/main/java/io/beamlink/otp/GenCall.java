package io.beamlink.otp;

import io.beamlink.dist.WriteBatch;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;

/**
 * The gen call protocol (gen.erl): monitor the server, send
 * {@code {'$gen_call', {From, Ref}, Request}}, and wait for {@code {Ref, Reply}} or the
 * monitor's DOWN. Works against Erlang gen_servers and Beamlink servers alike.
 */
public final class GenCall {
    static final Atom GEN_CALL = Atom.of("$gen_call");
    private static final Atom DOWN = Atom.of("DOWN");
    private static final Atom NOCONNECTION = Atom.of("noconnection");
    private static final Atom NODEDOWN = Atom.of("nodedown");

    private GenCall() {
    }

    /** Calls {@code {Name, Node}}; see {@link #call(Mailbox, Pid, Term, Duration)}. */
    public static Term call(Mailbox self, Atom name, Atom node, Term request, Duration timeout)
            throws CallException, InterruptedException {
        Ref ref;
        try (WriteBatch batch = batchIfRemote(self, node)) {
            ref = self.monitor(name, node);
            self.send(name, node, Tuple.of(GEN_CALL, Tuple.of(self.self(), ref), request));
        }
        return await(self, ref, timeout, Tuple.of(name, node), node);
    }

    /**
     * Calls the server {@code server} with {@code request} and returns its reply.
     *
     * @throws CallException with {@code noproc}, {@code noconnection}, {@code timeout} or the
     *         server's exit reason, as {@code gen_server:call} exits
     */
    public static Term call(Mailbox self, Pid server, Term request, Duration timeout)
            throws CallException, InterruptedException {
        Ref ref;
        try (WriteBatch batch = batchIfRemote(self, server.node())) {
            ref = self.monitor(server);
            self.send(server, Tuple.of(GEN_CALL, Tuple.of(self.self(), ref), request));
        }
        return await(self, ref, timeout, server, server.node());
    }

    /** For a remote server, the monitor and the request go out in one write; null (no batch) for a local one. */
    private static WriteBatch batchIfRemote(Mailbox self, Atom node) {
        return node.equals(self.self().node()) ? null : WriteBatch.open();
    }

    private static Term await(Mailbox self, Ref ref, Duration timeout, Term server, Atom node)
            throws CallException, InterruptedException {
        Term result = self.receive(m -> {
                if (m instanceof Tuple t && t.arity() == 2 && t.get(0).equals(ref)) {
                    return t;
                }
                if (m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(DOWN) && t.get(1).equals(ref)) {
                    return t;
                }
                return null;
            }, timeout);
        if (result == null) {
            self.demonitor(ref, true);
            throw new CallException(Atom.of("timeout"), server);
        }
        Tuple t = (Tuple) result;
        if (t.arity() == 5) {
            // gen:do_call turns a lost connection into {nodedown, Node}.
            Term reason = t.get(4).equals(NOCONNECTION) ? Tuple.of(NODEDOWN, node) : t.get(4);
            throw new CallException(reason, server);
        }
        self.demonitor(ref, true);
        return t.get(1);
    }
}
