package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sends inside a {@link WriteBatch} are held back until it closes (nothing reaches the socket
 * before), then arrive whole and in order; an inner batch ends with the outer one; large
 * messages and a half-full queue are written at once, as outside a batch.
 */
class WriteBatchTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Atom INBOX = Atom.of("inbox");

    @Test
    void sendsAreWrittenTogetherWhenTheBatchCloses() throws Exception {
        try (LoopbackConnections connections = LoopbackConnections.open(ConnectionSettings.DEFAULTS)) {
            Connection a = connections.a();
            send(a, Int.of(0));
            long before = a.stats().bytesOut();
            try (WriteBatch outer = WriteBatch.open()) {
                try (WriteBatch inner = WriteBatch.open()) {
                    send(a, Int.of(1));
                    send(a, Int.of(2));
                }
                send(a, Int.of(3));
                assertThat(a.stats().bytesOut()).as("written inside the batch").isEqualTo(before);
                assertThat(a.stats().queuedBytes()).isPositive();
            }
            assertThat(a.stats().bytesOut()).isGreaterThan(before);
            assertThat(receive(connections, 4)).containsExactly(Int.of(0), Int.of(1), Int.of(2), Int.of(3));
        }
    }

    @Test
    void largeMessagesAndAHalfFullQueueAreWrittenAtOnce() throws Exception {
        ConnectionSettings small = new ConnectionSettings(4, 1L << 20, 1024, 4096, 100,
                ConnectionSettings.ReaderThread.PLATFORM);
        try (LoopbackConnections connections = LoopbackConnections.open(small)) {
            Connection a = connections.a();
            Binary fragmented = Binary.of(new byte[10_000]);
            Binary overHalfTheQueue = Binary.of(new byte[3_000]);
            try (WriteBatch batch = WriteBatch.open()) {
                send(a, Int.of(1));
                send(a, fragmented);
                long afterFragments = a.stats().bytesOut();
                assertThat(afterFragments).as("fragments written").isGreaterThan(10_000);
                send(a, Int.of(2));
                assertThat(a.stats().bytesOut()).as("held back again").isEqualTo(afterFragments);
                send(a, overHalfTheQueue);
                assertThat(a.stats().bytesOut()).as("queue over half full").isGreaterThan(afterFragments + 3_000);
                send(a, Int.of(3));
            }
            assertThat(receive(connections, 5))
                    .containsExactly(Int.of(1), fragmented, Int.of(2), overHalfTheQueue, Int.of(3));
        }
    }

    private static void send(Connection connection, Term message) {
        assertThat(connection.send(new ControlMessage.RegSend(FROM, INBOX, message))).isTrue();
    }

    private static List<Term> receive(LoopbackConnections connections, int count) throws InterruptedException {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Term term = connections.received().poll(10, TimeUnit.SECONDS);
            assertThat(term).as("message %d of %d", i + 1, count).isNotNull();
            terms.add(term);
        }
        return terms;
    }
}
