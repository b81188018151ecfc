package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two {@link Connection}s joined by a loopback socket pair, without a handshake: {@code a}
 * sends, what REG_SEND messages {@code b} receives is in {@code received}, and how b's reader
 * ended its runs of messages in {@code runs}.
 */
record LoopbackConnections(SocketPair pair, Connection a, Connection b, BlockingQueue<Term> received, Runs runs,
        BlockingQueue<Closed> closed) implements AutoCloseable {
    /** A connection's close as its listener heard it, and whether it ran as service work. */
    record Closed(Connection connection, Term reason, boolean onServiceThread) {
    }

    static final long FLAGS = DistFlags.REQUIRED | DistFlags.FRAGMENTS;

    /** Counts a reader's messages and {@link Connection.Listener#onRunDispatched} calls. */
    static final class Runs {
        private final AtomicInteger sinceLastEnd = new AtomicInteger();
        private final AtomicInteger longest = new AtomicInteger();
        private final AtomicInteger ends = new AtomicInteger();

        void message() {
            sinceLastEnd.incrementAndGet();
        }

        void ended() {
            int length = sinceLastEnd.getAndSet(0);
            longest.accumulateAndGet(length, Math::max);
            ends.incrementAndGet();
        }

        /** Messages dispatched since the last run ended. */
        int sinceLastEnd() {
            return sinceLastEnd.get();
        }

        int longest() {
            return longest.get();
        }

        int ends() {
            return ends.get();
        }
    }

    static LoopbackConnections open(ConnectionSettings settings) throws Exception {
        LoopbackConnections connections = openReadingLater(settings);
        connections.b().start();
        return connections;
    }

    /** Like {@link #open}, but nothing reads what {@code a} sends until the test starts {@code b}. */
    static LoopbackConnections openReadingLater(ConnectionSettings settings) throws Exception {
        return openReadingLater(settings, FLAGS);
    }

    /** Like {@link #openReadingLater(ConnectionSettings)}, with these negotiated flags. */
    static LoopbackConnections openReadingLater(ConnectionSettings settings, long flags) throws Exception {
        SocketPair pair = SocketPair.open();
        BlockingQueue<Term> received = new LinkedBlockingQueue<>();
        BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
        Runs runs = new Runs();
        Connection a = connection(pair, true, settings, flags, new LinkedBlockingQueue<>(), new Runs(), closed);
        Connection b = connection(pair, false, settings, flags, received, runs, closed);
        a.start();
        return new LoopbackConnections(pair, a, b, received, runs, closed);
    }

    private static Connection connection(SocketPair pair, boolean local, ConnectionSettings settings, long flags,
            BlockingQueue<Term> received, Runs runs, BlockingQueue<Closed> closed)
            throws Exception {
        String peer = local ? "b@127.0.0.1" : "a@127.0.0.1";
        return new Connection(local ? pair.local() : pair.remote(),
                new HandshakeResult(peer, flags, 5, flags, local, Duration.ZERO), settings,
                new Connection.Listener() {
                    @Override
                    public void onMessage(Connection c, ControlMessage message) {
                        runs.message();
                        if (message instanceof ControlMessage.RegSend r) {
                            received.add(r.message());
                        }
                    }

                    @Override
                    public void onRunDispatched(Connection c) {
                        runs.ended();
                    }

                    @Override
                    public void onClosed(Connection c, Term reason) {
                        closed.add(new Closed(c, reason, ServiceThreads.isCurrent()));
                    }
                });
    }

    @Override
    public void close() throws Exception {
        a.close(Atom.of("test_over"), "test over");
        b.close(Atom.of("test_over"), "test over");
        pair.close();
    }
}
