package io.beamlink.bench.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.bench.Payload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole harness once, with tiny counts: real epmd, erl and JInterface peers, every pairing,
 * every measurement. It checks that everything runs, reports and stops, not how fast (that is
 * the benchmark's job).
 */
class DistBenchmarkSmokeTest {
    private static final DistOptions TINY = new DistOptions(1, 300, 100, 50, 20, 2, 3, DistOptions.DEBIAN_JINTERFACE);

    private static DistReport report;
    private static String progress;

    @BeforeAll
    static void runTheHarness() throws InterruptedException {
        StringWriter out = new StringWriter();
        report = DistBenchmark.run(TINY, new PrintWriter(out, true));
        progress = out.toString();
    }

    @Test
    void everyPairingHasEveryMeasurementWithTheCountsAskedFor() {
        for (Pairing pairing : Pairing.values()) {
            assertThat(report.setup(pairing).nanos().count()).as("connects of %s", pairing).isEqualTo(TINY.connects());
            for (Payload payload : Payload.values()) {
                DistReport.Throughput throughput = report.throughput(pairing, payload);
                assertThat(throughput.nanosPerRound()).as("%s %s", pairing, payload).hasSize(TINY.rounds());
                assertThat(throughput.rate()).as("%s %s", pairing, payload).isPositive();
                assertThat(throughput.messages()).isEqualTo(TINY.messagesOf(payload));
                assertThat(report.latency(pairing, payload).nanos().count()).isEqualTo(TINY.roundTrips());
            }
        }
        assertThat(report.memory().connections()).isEqualTo(TINY.idleConnections());
        assertThat(report.machine().otp()).startsWith("OTP ");
        // Per payload: 4 throughput ratios and 4 latency checks; then 3 setup ratios.
        assertThat(report.targets()).hasSize(3 * 4 + 3 * 4 + 3);
    }

    @Test
    void theProgressTheTableAndTheJsonNameEveryPairing() {
        StringWriter table = new StringWriter();
        report.print(new PrintWriter(table, true));
        String json = report.toJson();
        for (Pairing pairing : Pairing.values()) {
            assertThat(progress).contains(pairing.label());
            assertThat(table.toString()).contains(pairing.label());
            assertThat(json).contains("\"pairing\": \"" + pairing.label() + "\"");
        }
        assertThat(json).contains("\"targets\"", "\"idleConnectionMemory\"", "\"roundTrip\"", "\"connectionSetup\"");
    }

    @Test
    void everyProcessTheRunStartedIsStopped() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().descendants().findAny().isEmpty());
    }
}
