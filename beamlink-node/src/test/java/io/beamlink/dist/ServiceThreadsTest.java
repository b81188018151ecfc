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
 * Sends to a peer that does not read: a service thread's is queued without waiting for room or
 * writing, up to four times the limit, past which the connection is closed; an ordinary sender
 * waits, and drops its message when interrupted; whoever closes a connection, the nodedown
 * handling runs as service work. Once the peer reads again, everything queued arrives.
 */
class ServiceThreadsTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Atom INBOX = Atom.of("inbox");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FILLER_MESSAGES = 4096;
    /** A queue limit of 4 KiB, so that little fills it once the socket buffers are full. */
    private static final ConnectionSettings SMALL = new ConnectionSettings(4, 1L << 20, 1024, 4096, 100,
            ConnectionSettings.ReaderThread.PLATFORM);

    @Test
    void aServiceThreadQueuesBehindAFullQueueWithoutWaitingAndNothingIsLost() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(SMALL)) {
            Connection a = connections.a();
            AtomicInteger filled = new AtomicInteger();
            List<Thread> fillers = fillUntilASenderWaits(a, SMALL, filled);
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

    @Test
    void aServiceThreadHandsAnIdleQueueToTheWriterRatherThanWriteItself() throws Exception {
        for (long flags : new long[] {DistFlags.REQUIRED, LoopbackConnections.FLAGS}) {
            try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                    flags)) {
                Connection a = connections.a();
                // Larger than the loopback socket buffers: whoever writes it waits for the peer to read.
                Binary large = Binary.of(new byte[16 << 20]);
                CompletableFuture<Boolean> serviceSend = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> ServiceThreads.serve(() -> serviceSend.complete(send(a, large))));
                assertThat(serviceSend.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("flags %d", flags).isTrue();
                connections.b().start();
                assertThat(connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(large);
            }
        }
    }

    @Test
    void aPeerThatLetsServiceSendsPileUpPastFourTimesTheLimitIsDisconnected() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(SMALL)) {
            Connection a = connections.a();
            CompletableFuture<Integer> accepted = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> ServiceThreads.serve(() -> {
                int sent = 0;
                // At most 64 MiB: far more than the socket buffers and four times the limit hold.
                while (sent < 16_384 && send(a, Binary.of(new byte[4096]))) {
                    sent++;
                }
                accepted.complete(sent);
            }));
            assertThat(accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isLessThan(16_384);
            LoopbackConnections.Closed closed = connections.closed().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed).isNotNull();
            assertThat(closed.connection()).isSameAs(a);
            assertThat(closed.reason()).isEqualTo(Atom.of("connection_closed"));
            assertThat(a.isOpen()).isFalse();
        }
    }

    @Test
    void anOrdinarySenderInterruptedWhileWaitingForRoomDropsItsMessage() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(SMALL)) {
            Connection a = connections.a();
            fillUntilASenderWaits(a, SMALL, new AtomicInteger());
            CompletableFuture<Boolean> sentAndInterrupted = new CompletableFuture<>();
            Thread sender = Thread.ofPlatform().start(() -> {
                boolean sent = send(a, Atom.of("dropped"));
                sentAndInterrupted.complete(!sent && Thread.currentThread().isInterrupted());
            });
            await().atMost(WAIT).until(() -> sender.getState() == Thread.State.WAITING);
            sender.interrupt();
            assertThat(sentAndInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the send returned false and the interrupt is kept").isTrue();
            assertThat(a.isOpen()).isTrue();
            connections.b().start();
            for (int i = 0; i < 2 * FILLER_MESSAGES; i++) {
                Term term = connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(term).as("filler message %d", i + 1).isNotNull().isNotEqualTo(Atom.of("dropped"));
            }
            assertThat(connections.received().poll(200, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
        }
    }

    @Test
    void theNodedownHandlingRunsAsServiceWorkWhoeverCloses() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS)) {
            connections.a().close(Atom.of("disconnect"), "closed by the test's own thread");
            LoopbackConnections.Closed closed = connections.closed().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed).isNotNull();
            assertThat(closed.onServiceThread()).isTrue();
            assertThat(ServiceThreads.isCurrent()).as("only while it ran").isFalse();
        }
    }

    /**
     * Starts two senders of up to 16 MiB each, more than the loopback socket buffers hold, and
     * returns once the socket takes no more (nothing written for 200 ms), one of them writing
     * (blocked in the socket) and the other waiting for room.
     */
    private static List<Thread> fillUntilASenderWaits(Connection a, ConnectionSettings settings,
            AtomicInteger filled) {
        List<Thread> fillers = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            fillers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < FILLER_MESSAGES && send(a, Binary.of(new byte[4096])); i++) {
                    filled.incrementAndGet();
                }
            }));
        }
        long[] lastBytesOut = {-1};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            long bytesOut = a.stats().bytesOut();
            boolean stalled = bytesOut == lastBytesOut[0];
            lastBytesOut[0] = bytesOut;
            return stalled && a.stats().queuedBytes() > settings.maxPendingBytes()
                    && fillers.stream().anyMatch(t -> t.getState() == Thread.State.WAITING);
        });
        return fillers;
    }

    private static boolean send(Connection connection, Term message) {
        return connection.send(new ControlMessage.RegSend(FROM, INBOX, message));
    }
}
