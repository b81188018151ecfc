package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Once a connection closed, its reader dispatches nothing more, even what its last read brought. */
class ReaderCloseTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void framesOfTheLastReadAreNotDispatchedAfterTheClose() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            List<Term> dispatched = new CopyOnWriteArrayList<>();
            CountDownLatch closed = new CountDownLatch(1);
            Connection b = connection(pair, false, new Connection.Listener() {
                @Override
                public void onMessage(Connection c, ControlMessage message) {
                    if (message instanceof ControlMessage.RegSend r) {
                        dispatched.add(r.message());
                        // as when a write on this thread fails, or the ticker closes the connection
                        c.close(Atom.of("connection_closed"), "closed by the test while dispatching");
                    }
                }

                @Override
                public void onClosed(Connection c, Term reason) {
                    closed.countDown();
                }
            });
            Connection a = connection(pair, true, new Connection.Listener() {
                @Override
                public void onMessage(Connection c, ControlMessage message) {
                }

                @Override
                public void onClosed(Connection c, Term reason) {
                }
            });
            a.start();
            try (WriteBatch batch = WriteBatch.open()) {
                for (int i = 1; i <= 3; i++) {
                    a.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), Int.of(i)));
                }
            }
            await().atMost(WAIT).until(() -> a.stats().bytesOut() > 0);
            b.start(); // its first read brings all three frames, written together
            assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(dispatched).containsExactly(Int.of(1));
            a.close(Atom.of("test_over"), "test over");
        }
    }

    private static Connection connection(SocketPair pair, boolean local, Connection.Listener listener)
            throws Exception {
        String peer = local ? "b@127.0.0.1" : "a@127.0.0.1";
        return new Connection(local ? pair.local() : pair.remote(), new HandshakeResult(peer,
                LoopbackConnections.FLAGS, 5, LoopbackConnections.FLAGS, local, Duration.ZERO),
                ConnectionSettings.DEFAULTS, listener);
    }
}
