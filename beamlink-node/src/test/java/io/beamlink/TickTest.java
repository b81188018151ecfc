package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.node.NodeEvent;
import io.beamlink.node.NodeName;
import io.beamlink.term.Atom;
import io.beamlink.testkit.OtpEpmd;
import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpRelease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ticks: a frozen (SIGSTOP) Erlang peer is reported down within the tick window, and a quiet
 * but healthy connection stays up across several windows. Short net_ticktime on both sides.
 */
class TickTest {
    private static final int TICK_SECONDS = 2;

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void quietConnectionsStayUpAndAFrozenPeerIsDroppedWithinTheTickWindow(OtpRelease release) throws Exception {
        int port = FreePort.find();
        try (OtpEpmd epmd = OtpEpmd.start(OtpRelease.host(), port);
                OtpPeer erl = OtpPeer.builder().release(release).epmdPort(port)
                        .args("-kernel", "net_ticktime", String.valueOf(TICK_SECONDS)).start();
                Node java = TestNodes.start(TestNodes.config(NodeName.shortName(TestNodes.uniqueAlive("java")), port)
                        .netTickTime(Duration.ofSeconds(TICK_SECONDS)))) {
            BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
            try (AutoCloseable monitor = java.monitorNodes(true, events::add)) {
                Atom erlNode = Atom.of(erl.nodeName());
                assertThat(java.ping(erlNode)).isTrue();
                assertThat(events.poll(5, TimeUnit.SECONDS)).extracting(NodeEvent::up).isEqualTo(true);

                // Idle for three tick windows: only ticks cross, and both sides keep the connection.
                assertThat(events.poll(3 * TICK_SECONDS, TimeUnit.SECONDS)).isNull();
                assertThat(erl.eval("lists:member('" + java.name().name() + "', nodes())")).isEqualTo("true");

                erl.signal("STOP");
                try {
                    NodeEvent down = events.poll(4 * TICK_SECONDS, TimeUnit.SECONDS);
                    assertThat(down).isNotNull();
                    assertThat(down.up()).isFalse();
                    assertThat(down.reason()).isEqualTo(Atom.of("net_tick_timeout"));
                } finally {
                    erl.signal("CONT");
                }
            }
        }
    }
}
