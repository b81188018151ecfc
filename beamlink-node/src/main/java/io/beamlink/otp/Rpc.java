package io.beamlink.otp;

import io.beamlink.Node;
import io.beamlink.process.ExitException;
import io.beamlink.process.ExitReasons;
import io.beamlink.process.Mailbox;
import io.beamlink.process.ProcessBody;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Nil;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.node.NodeVisibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rpc in both directions. Erlang reaches Java handlers registered here by module, function and
 * arity through {@code erpc} (OTP 25+ {@code rpc:call}, via SPAWN_REQUEST of
 * {@code erpc:execute_call/4} and {@code execute_cast/3}) and through the {@code rex} server
 * (older callers, and the plain {@code {From, {call, M, F, A, GL}}} form). Java reaches Erlang
 * with {@link #call}.
 */
public final class Rpc {
    private static final Logger LOG = LoggerFactory.getLogger(Rpc.class);
    public static final Atom REX = Atom.of("rex");
    private static final Atom ERPC = Atom.of("erpc");
    private static final Atom EXECUTE_CALL = Atom.of("execute_call");
    private static final Atom EXECUTE_CAST = Atom.of("execute_cast");
    private static final Atom RETURN = Atom.of("return");
    private static final Atom CALL = Atom.of("call");
    private static final Atom CAST = Atom.of("cast");
    private static final Atom BADRPC = Atom.of("badrpc");
    private static final Atom UNDEF = Atom.of("undef");
    private static final Atom FEATURES_REQUEST = Atom.of("features_request");
    private static final Atom FEATURES_REPLY = Atom.of("features_reply");
    private static final Atom USER = Atom.of("user");

    private record Key(Atom module, Atom function, int arity) {
    }

    private final Node node;
    private final Map<Key, RpcHandler> handlers = new ConcurrentHashMap<>();

    private Rpc(Node node) {
        this.node = node;
    }

    /**
     * Makes {@code node} answer rpc: registers {@code rex}, takes remote spawn requests, and
     * registers the built-ins ({@code erlang:node/0}, {@code nodes/0,1}, {@code is_alive/0},
     * {@code registered/0}).
     */
    public static Rpc serve(Node node) {
        Rpc rpc = new Rpc(node);
        rpc.registerBuiltIns();
        node.processes().spawnHandler(rpc::bodyFor);
        Mailbox rex = node.mailbox(REX.name());
        Thread.ofVirtual().name("beamlink-rex").start(() -> rpc.serveRex(rex));
        return rpc;
    }

    /** Makes {@code module:function/arity} callable from Erlang. */
    public void register(String module, String function, int arity, RpcHandler handler) {
        handlers.put(new Key(Atom.of(module), Atom.of(function), arity), handler);
    }

    private void registerBuiltIns() {
        register("erlang", "node", 0, args -> node.name());
        register("erlang", "nodes", 0, args -> Term.list(node.nodes()));
        register("erlang", "nodes", 1, args -> Term.list(node.nodes(visibility(args.get(0)))));
        register("erlang", "is_alive", 0, args -> Atom.of(node.isDistributed()));
        register("erlang", "registered", 0, args -> Term.list(node.registered()));
    }

    private static NodeVisibility visibility(Term which) throws ErlangException {
        if (which instanceof Atom a) {
            switch (a.name()) {
                case "visible" -> {
                    return NodeVisibility.VISIBLE;
                }
                case "hidden" -> {
                    return NodeVisibility.HIDDEN;
                }
                case "connected" -> {
                    return NodeVisibility.CONNECTED;
                }
                default -> { }
            }
        }
        throw ErlangException.error(Atom.of("badarg"));
    }

    /** The result of {@code module:function(args)} here: the value, or an exception to re-raise. */
    private Term apply(Atom module, Atom function, List<Term> args) throws Exception {
        RpcHandler handler = handlers.get(new Key(module, function, args.size()));
        if (handler == null) {
            throw ErlangException.error(UNDEF);
        }
        return handler.apply(args);
    }

    /** What a remote spawn request runs: erpc's call and cast, or a handler as a process body. */
    private ProcessBody bodyFor(Atom module, Atom function, Term argList) {
        List<Term> args = elements(argList);
        if (module.equals(ERPC) && function.equals(EXECUTE_CALL) && args.size() == 4) {
            return self -> executeCall(args.get(0), (Atom) args.get(1), (Atom) args.get(2), elements(args.get(3)));
        }
        if (module.equals(ERPC) && function.equals(EXECUTE_CAST) && args.size() == 3) {
            return self -> apply((Atom) args.get(0), (Atom) args.get(1), elements(args.get(2)));
        }
        return self -> apply(module, function, args);
    }

    /** erpc:execute_call/4: the process ends with {Ref, return | throw | exit | error, ...}. */
    private void executeCall(Term ref, Atom module, Atom function, List<Term> args) {
        Term outcome;
        try {
            outcome = Tuple.of(ref, RETURN, apply(module, function, args));
        } catch (ErlangException e) {
            if (e.kind().equals(ErlangException.ERROR)) {
                outcome = Tuple.of(ref, e.kind(), e.reason(), stack(module, function, args, e.reason()));
            } else {
                outcome = Tuple.of(ref, e.kind(), e.reason());
            }
        } catch (ExitException e) {
            outcome = Tuple.of(ref, ErlangException.EXIT, e.reason());
        } catch (Exception e) {
            outcome = Tuple.of(ref, ErlangException.ERROR, ExitReasons.javaException(e), Nil.NIL);
        }
        throw new ExitException(outcome);
    }

    /** For undef, OTP's stack names the missing function; otherwise Java frames mean nothing to Erlang. */
    private static Term stack(Atom module, Atom function, List<Term> args, Term reason) {
        return reason.equals(UNDEF) ? Term.list(Tuple.of(module, function, Term.list(args), Nil.NIL)) : Nil.NIL;
    }

    private static List<Term> elements(Term list) {
        List<Term> result = new ArrayList<>();
        Term t = list;
        while (t instanceof ErlList l) {
            result.addAll(l.elements());
            t = l.tail();
        }
        return result;
    }

    /** The rex server: gen calls and plain messages of the rpc module. */
    private void serveRex(Mailbox rex) {
        try {
            while (true) {
                Term message = rex.receive();
                try {
                    handleRex(rex, message);
                } catch (RuntimeException e) {
                    LOG.warn("rex could not handle {}", message, e);
                }
            }
        } catch (InterruptedException | ExitException e) {
            // The node is stopping.
        }
    }

    private void handleRex(Mailbox rex, Term message) {
        if (message instanceof Tuple t && t.isTagged(GenCall.GEN_CALL, 3) && t.get(1) instanceof Tuple f
                && f.arity() == 2 && f.get(0) instanceof Pid caller && isCall(t.get(2))) {
            Tuple call = (Tuple) t.get(2);
            From from = new From(caller, f.get(1));
            node.spawn(self -> GenServer.reply(self, from, rexResult(call)));
        } else if (message instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid caller && isCall(t.get(1))) {
            Tuple call = (Tuple) t.get(1);
            node.spawn(self -> self.send(caller, Tuple.of(REX, rexResult(call))));
        } else if (message instanceof Tuple t && t.isTagged(GenServer.GEN_CAST, 2) && t.get(1) instanceof Tuple c
                && c.isTagged(CAST, 5)) {
            node.spawn(self -> apply((Atom) c.get(1), (Atom) c.get(2), elements(c.get(3))));
        } else if (message instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid caller
                && t.get(1).equals(FEATURES_REQUEST)) {
            rex.send(caller, Tuple.of(FEATURES_REPLY, node.name(), Term.list(ERPC)));
        } else {
            LOG.debug("rex ignored {}", message);
        }
    }

    private static boolean isCall(Term t) {
        return t instanceof Tuple call && call.isTagged(CALL, 5) && call.get(1) instanceof Atom
                && call.get(2) instanceof Atom;
    }

    /** rpc:call's answer: the value, or {badrpc, {'EXIT', Reason}} as OTP's rex gives it. */
    private Term rexResult(Tuple call) {
        Atom module = (Atom) call.get(1);
        Atom function = (Atom) call.get(2);
        List<Term> args = elements(call.get(3));
        try {
            return apply(module, function, args);
        } catch (ErlangException e) {
            if (e.kind().equals(ErlangException.THROW)) {
                return e.reason();
            }
            Term reason = e.kind().equals(ErlangException.ERROR)
                    ? Tuple.of(e.reason(), stack(module, function, args, e.reason())) : e.reason();
            return Tuple.of(BADRPC, Tuple.of(Atom.of("EXIT"), reason));
        } catch (ExitException e) {
            return Tuple.of(BADRPC, Tuple.of(Atom.of("EXIT"), e.reason()));
        } catch (Exception e) {
            return Tuple.of(BADRPC, Tuple.of(Atom.of("EXIT"), Tuple.of(ExitReasons.javaException(e), Nil.NIL)));
        }
    }

    /**
     * {@code rpc:call(Node, Module, Function, Args, Timeout)} from Java: the result, or
     * {@code {badrpc, Reason}} ({@code nodedown}, {@code timeout}, {@code {'EXIT', ...}}) as
     * rpc:call returns it. Uses the remote {@code rex} server, which every Erlang node runs.
     */
    public static Term call(Mailbox self, Atom node, Atom module, Atom function, List<Term> args, Duration timeout)
            throws InterruptedException {
        try {
            return GenCall.call(self, REX, node, Tuple.of(CALL, module, function, Term.list(args), USER), timeout);
        } catch (CallException e) {
            Term reason = e.reason();
            if (reason instanceof Tuple t && t.isTagged(Atom.of("nodedown"), 2)) {
                return Tuple.of(BADRPC, Atom.of("nodedown"));
            }
            if (reason.equals(Atom.of("noproc"))) {
                return Tuple.of(BADRPC, Atom.of("nodedown"));
            }
            return Tuple.of(BADRPC, reason instanceof Atom ? reason : Tuple.of(Atom.of("EXIT"), reason));
        }
    }

}
