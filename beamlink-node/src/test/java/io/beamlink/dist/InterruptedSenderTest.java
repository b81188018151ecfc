package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread that sends while its interrupt status is set (a process killed by an exit
 * signal still runs until it blocks), or that is interrupted while its write waits for room,
 * writes its whole message without the JDK closing the socket, and keeps its interrupt status.
 */
class InterruptedSenderTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Larger than the loopback socket buffers, so a write waits until the other end reads. */
    private static final Binary LARGE = Binary.of(new byte[16 << 20]);

    @Test
    void anInterruptedVirtualThreadsWriteThatMustWaitLeavesTheConnectionOpen() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                DistFlags.REQUIRED)) {
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            sendLarge(connections.a(), true, stillInterrupted);
            Thread.sleep(200); // lets the write fill the socket buffers and wait (not a timing assertion)
            connections.b().start();
            assertReceivedWhole(connections);
            assertThat(stillInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(connections.a().isOpen()).isTrue();
        }
    }

    @Test
    void anInterruptThatComesWhileTheWriteWaitsLeavesTheConnectionOpenAndTheMessageWhole() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                DistFlags.REQUIRED)) {
            CompletableFuture<Boolean> interruptedAfterSend = new CompletableFuture<>();
            Thread sender = sendLarge(connections.a(), false, interruptedAfterSend);
            // The write fills the socket buffers, which nobody reads yet, and waits for room.
            await().atMost(WAIT).until(() -> sender.getState() == Thread.State.WAITING);
            InterruptShield.interrupt(sender);
            connections.b().start();
            assertReceivedWhole(connections);
            assertThat(interruptedAfterSend.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(connections.a().isOpen()).isTrue();
        }
    }

    /**
     * Sends {@link #LARGE} from a new virtual thread (interrupted first when {@code interruptFirst});
     * {@code interruptedAfterSend} completes with whether the send succeeded and left the thread
     * interrupted.
     */
    private static Thread sendLarge(Connection connection, boolean interruptFirst,
            CompletableFuture<Boolean> interruptedAfterSend) {
        return Thread.ofVirtual().start(() -> {
            if (interruptFirst) {
                Thread.currentThread().interrupt();
            }
            boolean sent = connection.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), LARGE));
            interruptedAfterSend.complete(sent && Thread.currentThread().isInterrupted());
        });
    }

    /** Compares without printing 16 MiB when it fails. */
    private static void assertReceivedWhole(LoopbackConnections connections) throws InterruptedException {
        Term received = connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(LARGE.equals(received)).as("received %s", received == null ? "nothing"
                : received instanceof Binary b ? "a binary of " + b.size() + " bytes" : "another term").isTrue();
    }

    @Test
    void aThreadThatIsNotWritingIsInterruptedAtOnce() throws Exception {
        CompletableFuture<Boolean> woke = new CompletableFuture<>();
        Thread sleeper = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(WAIT.toMillis());
                woke.complete(false);
            } catch (InterruptedException e) {
                woke.complete(true);
            }
        });
        await().atMost(WAIT).until(() -> sleeper.getState() == Thread.State.TIMED_WAITING);
        InterruptShield.interrupt(sleeper);
        assertThat(woke.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
}
