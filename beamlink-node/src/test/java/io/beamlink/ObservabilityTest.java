package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.dist.Connection;
import io.beamlink.dist.ConnectionStats;
import io.beamlink.dist.ControlMessage;
import io.beamlink.dist.TraceEvent;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.testkit.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection counters, the tracing hook and the JFR events. */
class ObservabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void countersTracesAndFlightRecorderEvents(@TempDir Path dir) throws Exception {
        int port = FreePort.find();
        try (Recording recording = new Recording();
                EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build())) {
            recording.enable("io.beamlink.HandshakeSucceeded");
            recording.enable("io.beamlink.NodeUp");
            recording.enable("io.beamlink.NodeDown");
            recording.start();
            Atom peerName;
            try (Node a = TestNodes.longNamed(port); Node b = TestNodes.longNamed(port);
                    Mailbox inbox = b.mailbox("inbox"); Mailbox out = a.mailbox()) {
                peerName = b.name();
                assertThat(a.ping(b.name())).isTrue();
                Connection connection = a.connection(b.name()).orElseThrow();
                List<TraceEvent> trace = new CopyOnWriteArrayList<>();
                try (AutoCloseable tracer = connection.trace(trace::add)) {
                    out.send(Atom.of("inbox"), b.name(), Int.of(7));
                    assertThat(inbox.receive(WAIT)).isEqualTo(Int.of(7));
                }
                assertThat(trace).anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo(TraceEvent.Kind.MESSAGE_OUT);
                    assertThat(e.message()).isInstanceOf(ControlMessage.RegSend.class);
                    assertThat(e.bytes()).isPositive();
                });
                ConnectionStats stats = connection.stats();
                assertThat(stats.messagesOut()).isGreaterThanOrEqualTo(2);
                assertThat(stats.messagesIn()).isGreaterThanOrEqualTo(1);
                assertThat(stats.bytesOut()).isPositive();
                assertThat(stats.bytesIn()).isPositive();
                a.disconnect(b.name());
                await().atMost(WAIT).until(() -> a.nodes().isEmpty());
            }
            recording.stop();
            Path file = dir.resolve("beamlink.jfr");
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getEventType().getName()).isEqualTo("io.beamlink.HandshakeSucceeded");
                assertThat(e.getString("peer")).isEqualTo(peerName.name());
            });
            assertThat(events).anySatisfy(e -> assertThat(e.getEventType().getName()).isEqualTo("io.beamlink.NodeUp"));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getEventType().getName()).isEqualTo("io.beamlink.NodeDown");
                assertThat(e.getString("reason")).isIn("disconnect", "connection_closed");
            });
        }
    }
}
