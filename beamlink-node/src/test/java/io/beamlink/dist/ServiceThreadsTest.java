package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service thread's send to a peer that does not read is queued without waiting for room, while
 * an ordinary sender waits; once the peer reads again, everything arrives.
 */
class ServiceThreadsTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Atom INBOX = Atom.of("inbox");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FILLER_MESSAGES = 4096;

    @Test
    void aServiceThreadQueuesBehindAFullQueueWithoutWaitingAndNothingIsLost() throws Exception {
        ConnectionSettings small = new ConnectionSettings(4, 1L << 20, 1024, 4096, 100,
                ConnectionSettings.ReaderThread.PLATFORM);
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(small)) {
            Connection a = connections.a();
            // Two senders of up to 16 MiB each, more than the loopback socket buffers hold: one
            // ends up writing (blocked in the socket), the other waiting for room.
            AtomicInteger filled = new AtomicInteger();
            List<Thread> fillers = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                fillers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < FILLER_MESSAGES && send(a, Binary.of(new byte[4096])); i++) {
                        filled.incrementAndGet();
                    }
                }));
            }
            await().atMost(WAIT).until(() -> a.stats().queuedBytes() > small.maxPendingBytes()
                    && fillers.stream().anyMatch(t -> t.getState() == Thread.State.WAITING));
            long queuedBefore = a.stats().queuedBytes();

            CompletableFuture<Boolean> serviceSend = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> ServiceThreads.serve(
                    () -> serviceSend.complete(send(a, Atom.of("from_a_service_thread")))));
            assertThat(serviceSend.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(a.stats().queuedBytes()).as("queued, not written").isGreaterThan(queuedBefore);
            assertThat(fillers).as("an ordinary sender still waits")
                    .anyMatch(t -> t.getState() == Thread.State.WAITING);
            assertThat(filled.get()).isLessThan(2 * FILLER_MESSAGES);

            connections.b().start();
            boolean serviceMessageArrived = false;
            for (int i = 0; i < 2 * FILLER_MESSAGES + 1; i++) {
                Term term = connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(term).as("message %d of %d", i + 1, 2 * FILLER_MESSAGES + 1).isNotNull();
                serviceMessageArrived |= term.equals(Atom.of("from_a_service_thread"));
            }
            assertThat(serviceMessageArrived).isTrue();
            for (Thread filler : fillers) {
                assertThat(filler.join(WAIT)).isTrue();
            }
            assertThat(filled.get()).isEqualTo(2 * FILLER_MESSAGES);
        }
    }

    private static boolean send(Connection connection, Term message) {
        return connection.send(new ControlMessage.RegSend(FROM, INBOX, message));
    }
}
