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

    @Test
    void anInterruptedVirtualThreadsWriteThatMustWaitLeavesTheConnectionOpen() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                DistFlags.REQUIRED)) {
            Connection a = connections.a();
            // Larger than the loopback socket buffers, so the write waits until b reads.
            Binary large = Binary.of(new byte[16 << 20]);
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt();
                boolean sent = a.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), large));
                stillInterrupted.complete(sent && Thread.currentThread().isInterrupted());
            });
            Thread.sleep(200); // lets the write fill the socket buffers and wait (not a timing assertion)
            connections.b().start();
            assertReceivedWhole(connections, large);
            assertThat(stillInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(a.isOpen()).isTrue();
        }
    }

    @Test
    void anInterruptThatComesWhileTheWriteWaitsLeavesTheConnectionOpenAndTheMessageWhole() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                DistFlags.REQUIRED)) {
            Connection a = connections.a();
            Binary large = Binary.of(new byte[16 << 20]);
            CompletableFuture<Boolean> interruptedAfterSend = new CompletableFuture<>();
            Thread sender = Thread.ofVirtual().start(() -> {
                boolean sent = a.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), large));
                interruptedAfterSend.complete(sent && Thread.currentThread().isInterrupted());
            });
            // The write fills the socket buffers, which nobody reads yet, and waits for room.
            await().atMost(WAIT).until(() -> sender.getState() == Thread.State.WAITING);
            InterruptShield.interrupt(sender);
            connections.b().start();
            assertReceivedWhole(connections, large);
            assertThat(interruptedAfterSend.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(a.isOpen()).isTrue();
        }
    }

    /** Compares without printing 16 MiB when it fails. */
    private static void assertReceivedWhole(LoopbackConnections connections, Binary sent) throws InterruptedException {
        Term received = connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sent.equals(received)).as("received %s", received == null ? "nothing"
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
