package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Pid;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A large message's later fragments do not fill the send queue: while a slow peer reads, at most
 * a few fragments' worth of the message waits in the queue at any time, so a small message sent
 * meanwhile by someone else waits behind that much, not behind megabytes.
 */
class FragmentQueueTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SIZE = 32 << 20;

    @Test
    void aLargeMessageKeepsOnlyAFewFragmentsQueuedWhileOthersSend() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS)) {
            Connection a = connections.a();
            InputStream peer = connections.pair().remote().getInputStream();
            AtomicLong peerRead = new AtomicLong();
            // Reads 64 KiB per millisecond at most: the writer keeps waiting for the socket.
            Thread reader = Thread.ofPlatform().start(() -> readSlowly(peer, peerRead));
            Thread sender = Thread.ofPlatform().start(
                    () -> a.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), Binary.of(new byte[SIZE]))));
            // Small messages from elsewhere meanwhile, as pings would be: one that finds the large
            // message's sender writing leaves the rest of the queue to the writer thread.
            Thread small = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000 && peerRead.get() < SIZE; i++) {
                    a.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), Atom.of("small")));
                    LockSupport.parkNanos(1_000_000);
                }
            });
            long mostQueued = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (peerRead.get() < SIZE && System.nanoTime() < deadline) {
                mostQueued = Math.max(mostQueued, a.stats().queuedBytes());
                Thread.sleep(0, 200_000);
            }
            sender.join(WAIT);
            small.join(WAIT);
            reader.join(WAIT);
            assertThat(peerRead.get()).isGreaterThanOrEqualTo(SIZE);
            // A fragment carries a header of about 20 bytes besides its data.
            int fragment = ConnectionSettings.DEFAULTS.fragmentSize();
            assertThat(mostQueued).isPositive()
                    .isLessThanOrEqualTo((long) (Connection.FRAGMENTS_AHEAD + 1) * (fragment + 32));
        }
    }

    private static void readSlowly(InputStream in, AtomicLong peerRead) {
        byte[] buffer = new byte[64 << 10];
        try {
            for (int i = 0; i < 100_000 && peerRead.get() < SIZE; i++) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                peerRead.addAndGet(n);
                Thread.sleep(1);
            }
        } catch (IOException | InterruptedException e) {
            // the test closed the socket
        }
    }
}
