package io.beamlink.shell;

import io.beamlink.dist.Connection;
import io.beamlink.dist.TraceEvent;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's {@code erlang:trace(ConnPid, true, Flags)} on a connection's stand-in handler
 * pid: the connection's events become trace messages in the tracer's mailbox, sent by the
 * handler pid, in erl's shapes, so that {@code flush()} shows them:
 * <ul>
 *   <li>{@code {trace_ts, ConnPid, 'receive', {frame, Bytes, Control}, Timestamp}} for a
 *       message in, {@code {trace_ts, ConnPid, 'receive', tick, Timestamp}} for a tick in</li>
 *   <li>{@code {trace_ts, ConnPid, send, {frame, Bytes, Control}, PeerNode, Timestamp}} and
 *       {@code {trace_ts, ConnPid, send, tick, PeerNode, Timestamp}} going out</li>
 *   <li>{@code {trace_ts, ConnPid, exit, connection_closed, Timestamp}} when it closes</li>
 * </ul>
 * {@code Control} is the control message as {@link ControlTerms} names it; the timestamp is
 * erl's {@code {MegaSecs, Secs, MicroSecs}}. Without the {@code timestamp} flag (or
 * {@code all}) the messages are {@code trace} tuples without it.
 */
final class ConnectionTracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTracing.class);
    private static final Atom RECEIVE = Atom.of("receive");
    private static final Atom SEND = Atom.of("send");
    private static final Atom PROCS = Atom.of("procs");
    private static final Atom TIMESTAMP = Atom.of("timestamp");
    private static final Atom ALL = Atom.of("all");
    private static final Atom TICK = Atom.of("tick");
    private static final Atom FRAME = Atom.of("frame");

    /** Which events a trace passes on. */
    record Flags(boolean send, boolean receive, boolean procs, boolean timestamp) {
        static Flags of(List<Term> flags) throws ShellException {
            Set<Term> set = Set.copyOf(flags);
            for (Term flag : set) {
                if (!(flag instanceof Atom)) {
                    throw ShellException.badarg();
                }
            }
            boolean all = set.contains(ALL);
            return new Flags(all || set.contains(SEND), all || set.contains(RECEIVE), all || set.contains(PROCS),
                    all || set.contains(TIMESTAMP));
        }
    }

    private final Map<Pid, AutoCloseable> active = new HashMap<>();

    /** Starts (or replaces) the trace of {@code connection}, whose handler stand-in is {@code handler}. */
    void start(Connection connection, Mailbox handler, Pid tracer, Flags flags) {
        stop(handler.self());
        AutoCloseable hook = connection.trace(event -> {
            Term message = traceMessage(handler.self(), event, flags);
            if (message != null) {
                handler.send(tracer, message);
            }
        });
        active.put(handler.self(), hook);
    }

    /** Stops the trace on {@code handler}; false when none ran. */
    boolean stop(Pid handler) {
        AutoCloseable hook = active.remove(handler);
        if (hook == null) {
            return false;
        }
        closeQuietly(hook);
        return true;
    }

    static Term traceMessage(Pid handler, TraceEvent event, Flags flags) {
        return switch (event.kind()) {
            case MESSAGE_IN -> flags.receive() ? trace(flags, event, handler, RECEIVE, frame(event)) : null;
            case TICK_IN -> flags.receive() ? trace(flags, event, handler, RECEIVE, TICK) : null;
            case MESSAGE_OUT -> flags.send() ? trace(flags, event, handler, SEND, frame(event), event.peer()) : null;
            case TICK_OUT -> flags.send() ? trace(flags, event, handler, SEND, TICK, event.peer()) : null;
            case CLOSED -> flags.procs()
                    ? trace(flags, event, handler, Atom.of("exit"), Atom.of("connection_closed")) : null;
        };
    }

    private static Term frame(TraceEvent event) {
        return Tuple.of(FRAME, Term.integer(event.bytes()), ControlTerms.of(event.message()));
    }

    private static Term trace(Flags flags, TraceEvent event, Term... parts) {
        int extra = flags.timestamp() ? 2 : 1;
        Term[] elements = new Term[parts.length + extra];
        elements[0] = Atom.of(flags.timestamp() ? "trace_ts" : "trace");
        System.arraycopy(parts, 0, elements, 1, parts.length);
        if (flags.timestamp()) {
            elements[elements.length - 1] = timestamp(event.time());
        }
        return Tuple.of(elements);
    }

    /** erl's {@code {MegaSecs, Secs, MicroSecs}}. */
    static Term timestamp(Instant time) {
        long seconds = time.getEpochSecond();
        return Tuple.of(Int.of(seconds / 1_000_000), Int.of(seconds % 1_000_000), Int.of(time.getNano() / 1000));
    }

    @Override
    public void close() {
        for (AutoCloseable hook : active.values()) {
            closeQuietly(hook);
        }
        active.clear();
    }

    private static void closeQuietly(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            LOG.debug("removing a connection tracer failed", e);
        }
    }
}
