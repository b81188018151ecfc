package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Streams of messages between two {@link Connection}s over loopback: bursts that the writer
 * thread takes over, messages large enough to be fragmented after encoding, and frames that
 * straddle the reader's buffer, grow it or need their own array. Every message must arrive
 * whole and in order per sender, and what arrived must not change afterwards (frames are decoded
 * in place, in a buffer that is reused). The reader ends a run of messages for its listener at
 * least every {@link Connection#MESSAGES_PER_RUN} messages and before it waits for the socket.
 */
class ConnectionStreamTest {
    private static final Atom INBOX = Atom.of("inbox");

    @Test
    void burstsOfMixedSizesArriveWholeAndInOrderPerSender() throws Exception {
        int senders = 3;
        int perSender = 1_500;
        Random random = new Random(0x5EED);
        List<List<Term>> sent = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            List<Term> messages = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                messages.add(Tuple.of(Int.of(s), Int.of(i), payload(random)));
            }
            sent.add(messages);
        }
        try (LoopbackConnections connections = LoopbackConnections.open(ConnectionSettings.DEFAULTS)) {
            Connection sender = connections.a();
            Connection receiver = connections.b();
            BlockingQueue<Term> received = connections.received();
            List<Thread> threads = new ArrayList<>();
            Pid from = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
            for (List<Term> messages : sent) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (Term message : messages) {
                        assertThat(sender.send(new ControlMessage.RegSend(from, INBOX, message))).isTrue();
                    }
                }));
            }
            for (Thread thread : threads) {
                assertThat(thread.join(Duration.ofSeconds(60))).isTrue();
            }
            List<Term> all = new ArrayList<>();
            int[] next = new int[senders];
            for (int k = 0; k < senders * perSender; k++) {
                Term term = received.poll(30, TimeUnit.SECONDS);
                assertThat(term).as("message %d of %d", k, senders * perSender).isNotNull();
                Tuple t = (Tuple) term;
                int s = (int) ((Int) t.get(0)).value();
                assertThat(t.get(1)).isEqualTo(Int.of(next[s]));
                assertThat(t).isEqualTo(sent.get(s).get(next[s]));
                next[s]++;
                all.add(t);
            }
            // Later frames reused the read buffer; what was delivered earlier must be intact.
            for (Term t : all) {
                Tuple tuple = (Tuple) t;
                int s = (int) ((Int) tuple.get(0)).value();
                int i = (int) ((Int) tuple.get(1)).value();
                assertThat(tuple).isEqualTo(sent.get(s).get(i));
            }
            assertThat(receiver.stats().messagesIn()).isEqualTo((long) senders * perSender);
            LoopbackConnections.Runs runs = connections.runs();
            await("the last run's end").atMost(Duration.ofSeconds(10)).until(() -> runs.sinceLastEnd() == 0);
            assertThat(runs.longest()).isBetween(1, Connection.MESSAGES_PER_RUN);
            assertThat(runs.ends()).isGreaterThanOrEqualTo(senders * perSender / Connection.MESSAGES_PER_RUN);
        }
    }

    /** Mostly small terms, some binaries around the read buffer's sizes, a few over a fragment. */
    private static Term payload(Random random) {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return Tuple.of(Atom.of("seq"), Int.of(random.nextInt()));
        }
        int size;
        if (kind < 90) {
            size = 50 + random.nextInt(6_000);
        } else if (kind < 98) {
            size = 30_000 + random.nextInt(40_000);
        } else {
            size = 100_000 + random.nextInt(100_000);
        }
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return Binary.of(bytes);
    }
}
