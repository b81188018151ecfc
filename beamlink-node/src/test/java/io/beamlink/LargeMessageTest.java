package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;

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

            AtomicBoolean transferring = new AtomicBoolean(true);
            AtomicInteger pingsDuringTransfer = new AtomicInteger();
            Thread pinger = Thread.ofVirtual().start(() -> {
                try {
                    while (transferring.get() && pingsDuringTransfer.get() < 1000) {
                        if (java.ping(erlNode) && transferring.get()) {
                            pingsDuringTransfer.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            inbox.send(Atom.of("sink"), erlNode, Tuple.of(inbox.self(), Binary.of(bytes)));
            Term got = inbox.receive(WAIT);
            transferring.set(false);
            pinger.join(WAIT);
            assertThat(got).isEqualTo(Tuple.of(Atom.of("got"), Term.integer(SIZE), Term.integer(crc.getValue())));
            assertThat(pingsDuringTransfer.get()).as("pings answered while 64 MiB went to erl").isGreaterThanOrEqualTo(3);

            transferring.set(true);
            pingsDuringTransfer.set(0);
            Thread pinger2 = Thread.ofVirtual().start(() -> {
                try {
                    while (transferring.get() && pingsDuringTransfer.get() < 1000) {
                        if (java.ping(erlNode) && transferring.get()) {
                            pingsDuringTransfer.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            inbox.send(Atom.of("sink"), erlNode, Tuple.of(inbox.self(), Atom.of("send_back"), Term.integer(SIZE)));
            Term big = inbox.receive(WAIT);
            transferring.set(false);
            pinger2.join(WAIT);
            Binary received = (Binary) ((Tuple) big).get(1);
            assertThat(received.size()).isEqualTo(SIZE);
            assertThat(received.byteAt(SIZE - 1)).isEqualTo((byte) 7);
            assertThat(pingsDuringTransfer.get()).as("pings answered while 64 MiB came from erl").isGreaterThanOrEqualTo(3);
        }
    }
}
