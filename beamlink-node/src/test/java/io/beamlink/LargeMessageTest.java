package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.dist.Connection;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 64 MiB binary in each direction while small messages keep flowing on the same connection:
 * large messages go out in fragments, so pings are not stuck behind them.
 */
class LargeMessageTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final int SIZE = 64 << 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void sixtyFourMegabytesEachWayWhilePingsKeepAnswering(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        erl.eval("catch unregister(sink), register(sink, spawn(fun Loop() -> receive {From, Bin} when is_binary(Bin) -> "
                + "From ! {got, byte_size(Bin), erlang:crc32(Bin)}, Loop(); {From, send_back, N} -> "
                + "From ! {big, binary:copy(<<7>>, N)}, Loop() end end)), ok");
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort()); Mailbox inbox = java.mailbox()) {
            Atom erlNode = Atom.of(erl.nodeName());
            assertThat(java.ping(erlNode)).isTrue();
            byte[] bytes = new byte[SIZE];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31);
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);

            Connection connection = java.connection(erlNode).orElseThrow();
            try (Pinger pinger = new Pinger(java, erlNode)) {
                // Counted while the message goes onto the socket: from before the send until all of it is written.
                long written = connection.stats().bytesOut();
                pinger.countFromNow();
                Thread.ofVirtual().start(() -> inbox.send(Atom.of("sink"), erlNode, Tuple.of(inbox.self(), Binary.of(bytes))));
                awaitAtLeast(() -> connection.stats().bytesOut(), written + SIZE);
                pinger.stopCounting();
                Term got = inbox.receive(WAIT);
                assertThat(got).isEqualTo(Tuple.of(Atom.of("got"), Term.integer(SIZE), Term.integer(crc.getValue())));
                // Beamlink's own queue decides here: 12 to 18 pings on a quiet 2-CPU machine.
                pinger.assertAnsweredDuring("while 64 MiB went to erl", 3);
            }

            try (Pinger pinger = new Pinger(java, erlNode)) {
                // Counted while the message comes off the socket: from its first MiB read until all of it is.
                long read = connection.stats().bytesIn();
                inbox.send(Atom.of("sink"), erlNode, Tuple.of(inbox.self(), Atom.of("send_back"), Term.integer(SIZE)));
                awaitAtLeast(() -> connection.stats().bytesIn(), read + (1 << 20));
                pinger.countFromNow();
                awaitAtLeast(() -> connection.stats().bytesIn(), read + SIZE);
                pinger.stopCounting();
                Term big = inbox.receive(WAIT);
                Binary received = (Binary) ((Tuple) big).get(1);
                assertThat(received.size()).isEqualTo(SIZE);
                assertThat(received.byteAt(SIZE - 1)).isEqualTo((byte) 7);
                // erl's queue decides how long a pong waits here (2 to 24 pings were seen); one shows
                // that the reader handed pongs over while fragments were still arriving.
                pinger.assertAnsweredDuring("while 64 MiB came from erl", 1);
            }
        }
    }

    /** Waits, polling every millisecond, until {@code counter} reaches {@code target}. */
    private static void awaitAtLeast(LongSupplier counter, long target) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the byte count stayed at " + counter.getAsLong() + ", below " + target);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Pings {@code node} one after another on a virtual thread. Only pings that start after
     * {@link #countFromNow} and end before {@link #stopCounting} count, so each of them crossed
     * the connection while the large message was on it.
     */
    private static final class Pinger implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile long windowStart = Long.MAX_VALUE;
        private volatile long windowEnd = Long.MAX_VALUE;
        private final AtomicInteger answered = new AtomicInteger();
        private final Thread thread;

        Pinger(Node node, Atom target) {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100_000 && running.get(); i++) {
                        long start = System.nanoTime();
                        boolean pong = node.ping(target);
                        long end = System.nanoTime();
                        if (pong && start >= windowStart && end <= windowEnd) {
                            answered.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void countFromNow() {
            windowStart = System.nanoTime();
        }

        void stopCounting() {
            windowEnd = System.nanoTime();
        }

        /**
         * At least {@code pings} pings crossed the connection during the transfer. (How long each
         * took is not asserted: a busy shared machine stretches them.)
         */
        void assertAnsweredDuring(String when, int pings) {
            assertThat(answered.get()).as("pings answered " + when).isGreaterThanOrEqualTo(pings);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(WAIT);
        }
    }
}
