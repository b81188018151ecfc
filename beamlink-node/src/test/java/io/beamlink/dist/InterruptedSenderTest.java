package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Pid;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread that sends while its interrupt status is set (a process killed by an exit
 * signal still runs until it blocks) writes without the JDK closing the socket, and keeps its
 * interrupt status.
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
            assertThat(connections.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(large);
            assertThat(stillInterrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(a.isOpen()).isTrue();
        }
    }
}
