package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lazily sent frames wait for the next write and keep their place before it, and go out on their own when nothing follows. */
class LazyWritesTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aLazyFrameWaitsForTheNextWriteAndGoesOutBeforeIt() throws Exception {
        // A deadline no test waits for: only the next write can take the lazy frame out.
        ConnectionSettings never = ConnectionSettings.DEFAULTS.withLazyWriteDelay(Duration.ofDays(1));
        try (LoopbackConnections connections = LoopbackConnections.open(never)) {
            Connection a = connections.a();
            assertThat(a.sendLazily(regSend(Atom.of("lazy")))).isTrue();
            assertThat(a.stats().queuedBytes()).as("still queued after sendLazily returned").isPositive();
            assertThat(a.send(regSend(Atom.of("next")))).isTrue();
            assertThat(receive(connections)).isEqualTo(Atom.of("lazy"));
            assertThat(receive(connections)).isEqualTo(Atom.of("next"));
            assertThat(a.stats().queuedBytes()).isZero();
        }
    }

    @Test
    void aLazyFrameWithNothingAfterItGoesOutOnItsOwn() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.open(ConnectionSettings.DEFAULTS)) {
            assertThat(connections.a().sendLazily(regSend(Atom.of("alone")))).isTrue();
            assertThat(receive(connections)).isEqualTo(Atom.of("alone"));
        }
    }

    @Test
    void lazyAndOrdinaryFramesFromManySendersAllArriveEachSendersInOrder() throws Exception {
        int senders = 4;
        int perSender = 2_000;
        try (LoopbackConnections connections = LoopbackConnections.open(ConnectionSettings.DEFAULTS)) {
            Connection a = connections.a();
            List<Thread> threads = new ArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            for (int s = 0; s < senders; s++) {
                Int sender = Int.of(s);
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < perSender; i++) {
                        Term message = Tuple.of(sender, Int.of(i));
                        boolean sent = i % 3 == 0 ? a.sendLazily(regSend(message)) : a.send(regSend(message));
                        if (!sent) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            int[] next = new int[senders];
            for (int n = 0; n < senders * perSender; n++) {
                Tuple t = (Tuple) receive(connections);
                int sender = (int) ((Int) t.get(0)).value();
                assertThat(t.get(1)).as("message %d", n).isEqualTo(Int.of(next[sender]++));
            }
            for (Thread thread : threads) {
                assertThat(thread.join(WAIT)).isTrue();
            }
            assertThat(refused).hasValue(0);
        }
    }

    private static ControlMessage regSend(Term message) {
        return new ControlMessage.RegSend(FROM, Atom.of("inbox"), message);
    }

    private static Term receive(LoopbackConnections connections) throws InterruptedException {
        Term message = connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).as("a message within %s", WAIT).isNotNull();
        return message;
    }
}
