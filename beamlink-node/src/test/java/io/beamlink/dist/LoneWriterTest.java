package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A sender that found the queue idle writes its own message and leaves what other senders
 * queued meanwhile to the writer thread: it returns even while the peer reads nothing more.
 */
class LoneWriterTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LONE_MESSAGE_BYTES = 16 << 20;

    @Test
    void aLoneWriterDoesNotKeepWritingWhatOthersQueue() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.openReadingLater(ConnectionSettings.DEFAULTS,
                DistFlags.REQUIRED)) {
            Connection a = connections.a();
            InputStream peer = connections.pair().remote().getInputStream();
            CountDownLatch readAgain = new CountDownLatch(1);
            // The peer reads the lone message (it comes first), a little at a time so that it
            // is still being written when the other sender starts, then stops until told.
            AtomicLong peerRead = new AtomicLong();
            Thread.ofPlatform().start(() -> readSlowlyThenPause(peer, LONE_MESSAGE_BYTES, peerRead, readAgain));

            CompletableFuture<Boolean> lone = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> lone.complete(send(a, Binary.of(new byte[LONE_MESSAGE_BYTES]))));
            // The lone message is being written (nothing else was sent) before the other sender starts.
            await().atMost(WAIT).until(() -> peerRead.get() > 0);
            Thread other = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2048 && send(a, Binary.of(new byte[32 << 10])); i++) {
                    // up to 64 MiB, more than the socket buffers and the queue hold
                }
            });
            try {
                assertThat(lone.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("returned while the peer reads nothing more").isTrue();
                assertThat(other.isAlive()).as("the other sender still has more to send").isTrue();
            } finally {
                readAgain.countDown();
            }
        }
    }

    /** Reads at least {@code bytes}, 64 KiB per millisecond, then nothing until {@code readAgain}, then to the end. */
    private static void readSlowlyThenPause(InputStream in, long bytes, AtomicLong peerRead,
            CountDownLatch readAgain) {
        byte[] buffer = new byte[64 << 10];
        try {
            long read = 0;
            for (int i = 0; i < 100_000 && read < bytes; i++) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                read += n;
                peerRead.set(read);
                Thread.sleep(1);
            }
            readAgain.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (int i = 0; i < 1_000_000 && in.read(buffer) >= 0; i++) {
                // drains until the test closes the socket
            }
        } catch (IOException | InterruptedException e) {
            // the test closed the socket
        }
    }

    private static boolean send(Connection connection, Term message) {
        return connection.send(new ControlMessage.RegSend(FROM, Atom.of("inbox"), message));
    }
}
