package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Two {@link Connection}s joined by a loopback socket pair, without a handshake: {@code a}
 * sends, and what REG_SEND messages {@code b} receives is in {@code received}.
 */
record LoopbackConnections(SocketPair pair, Connection a, Connection b, BlockingQueue<Term> received)
        implements AutoCloseable {
    static final long FLAGS = DistFlags.REQUIRED | DistFlags.FRAGMENTS;

    static LoopbackConnections open(ConnectionSettings settings) throws Exception {
        SocketPair pair = SocketPair.open();
        BlockingQueue<Term> received = new LinkedBlockingQueue<>();
        Connection a = connection(pair, true, settings, new LinkedBlockingQueue<>());
        Connection b = connection(pair, false, settings, received);
        a.start();
        b.start();
        return new LoopbackConnections(pair, a, b, received);
    }

    private static Connection connection(SocketPair pair, boolean local, ConnectionSettings settings,
            BlockingQueue<Term> received) throws Exception {
        String peer = local ? "b@127.0.0.1" : "a@127.0.0.1";
        return new Connection(local ? pair.local() : pair.remote(),
                new HandshakeResult(peer, FLAGS, 5, FLAGS, local, Duration.ZERO), settings,
                new Connection.Listener() {
                    @Override
                    public void onMessage(Connection c, ControlMessage message) {
                        if (message instanceof ControlMessage.RegSend r) {
                            received.add(r.message());
                        }
                    }

                    @Override
                    public void onClosed(Connection c, Term reason) {
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
