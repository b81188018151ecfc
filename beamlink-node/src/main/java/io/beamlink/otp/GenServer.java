package io.beamlink.otp;

import io.beamlink.Node;
import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;

/**
 * A gen_server written in Java. It speaks gen_server's protocol on the wire, so Erlang's
 * {@code gen_server:call({Name, 'java@host'}, Req)} and Elixir's {@code GenServer.call} reach
 * it, and {@link #call} reaches Erlang and Elixir servers.
 *
 * <pre>{@code
 * class Counter implements GenServer<Long> {
 *     public Long init(Mailbox self, Term args) { return 0L; }
 *     public Next<Long> handleCall(Term request, From from, Long n) { return Next.reply(Int.of(n), n + 1); }
 * }
 * Pid pid = GenServer.start(node, new Counter(), Atom.NIL, "counter");
 * }</pre>
 *
 * @param <S> the state
 */
public interface GenServer<S> {
    Atom GEN_CAST = Atom.of("$gen_cast");
    /** The head of an OTP 24+ call tag, {@code [alias | Ref]}. */
    Atom ALIAS = Atom.of("alias");

    /**
     * Sets up the state. Throw {@link ExitException} (or any exception) to fail the start:
     * {@code start} then throws with that reason.
     */
    S init(Mailbox self, Term args) throws Exception;

    /** A call. The default stops the server with {@code {bad_call, Request}}, as gen_server's absent callback would crash it. */
    default Next<S> handleCall(Term request, From from, S state) throws Exception {
        return Next.stop(Tuple.of(Atom.of("bad_call"), request), state);
    }

    /** A cast. The default ignores it. */
    default Next<S> handleCast(Term request, S state) throws Exception {
        return Next.noreply(state);
    }

    /** Any other message. The default ignores it. */
    default Next<S> handleInfo(Term message, S state) throws Exception {
        return Next.noreply(state);
    }

    /** Called when the server stops, with the reason. */
    default void terminate(Term reason, S state) {
    }

    /** Starts a server; returns once {@code init} has run. {@code name} may be null. */
    static <S> Pid start(Node node, GenServer<S> server, Term args, String name) throws CallException {
        return GenServerProcess.start(node, server, args, name, null);
    }

    /** Starts a server linked to {@code parent} (gen_server:start_link). */
    static <S> Pid startLink(Node node, Mailbox parent, GenServer<S> server, Term args, String name)
            throws CallException {
        return GenServerProcess.start(node, server, args, name, parent);
    }

    /** {@code gen_server:call(Pid, Request, Timeout)}. */
    static Term call(Mailbox self, Pid server, Term request, Duration timeout)
            throws CallException, InterruptedException {
        return GenCall.call(self, server, request, timeout);
    }

    /** {@code gen_server:call({Name, Node}, Request, Timeout)}. */
    static Term call(Mailbox self, Atom name, Atom node, Term request, Duration timeout)
            throws CallException, InterruptedException {
        return GenCall.call(self, name, node, request, timeout);
    }

    /** {@code gen_server:cast(Pid, Request)}. */
    static void cast(Mailbox self, Pid server, Term request) {
        self.send(server, Tuple.of(GEN_CAST, request));
    }

    /** {@code gen_server:cast({Name, Node}, Request)}. */
    static void cast(Mailbox self, Atom name, Atom node, Term request) {
        self.send(name, node, Tuple.of(GEN_CAST, request));
    }

    /**
     * {@code gen_server:reply(From, Reply)}: answers a call from anywhere, any time. A call tagged
     * {@code [alias | Ref]} (OTP 24+) is answered through the alias, as OTP does, so that a reply
     * after the caller gave up is dropped by the caller's node instead of left in its mailbox;
     * when that node does not take alias sends, to the caller's pid.
     */
    static void reply(Mailbox self, From from, Term reply) {
        Tuple message = Tuple.of(from.tag(), reply);
        if (from.tag() instanceof ErlList tag && !tag.isProper() && tag.size() == 1 && tag.get(0).equals(ALIAS)
                && tag.tail() instanceof Ref alias && self.sendToAlias(alias, message)) {
            return;
        }
        self.send(from.caller(), message);
    }
}
