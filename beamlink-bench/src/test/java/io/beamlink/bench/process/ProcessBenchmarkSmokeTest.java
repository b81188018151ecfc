package io.beamlink.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole harness once with tiny counts: a real epmd, erl nodes and two Beamlink nodes. It
 * checks that every measurement runs on both runtimes and is reported, not how fast.
 */
class ProcessBenchmarkSmokeTest {
    private static final ProcessOptions TINY = new ProcessOptions(2, 200, 100, 1_000, 100, 10, 20);

    private static ProcessReport report;
    private static String progress;

    @BeforeAll
    static void runTheHarness() throws InterruptedException {
        StringWriter out = new StringWriter();
        report = ProcessBenchmark.run(TINY, new PrintWriter(out, true));
        progress = out.toString();
    }

    @Test
    void everyRoundHasEveryFigureOnBothRuntimes() {
        assertThat(report.beamlink()).hasSize(TINY.rounds());
        assertThat(report.otp()).hasSize(TINY.rounds());
        assertThat(report.beamlinkToOtpCallNanos()).hasSize(TINY.rounds()).allSatisfy(n -> assertThat(n).isPositive());
        for (RoundFigures f : report.beamlink()) {
            assertPositive(f);
        }
        for (OtpRound r : report.otp()) {
            assertPositive(r.figures());
            assertThat(r.erpcToOtpNanos()).isPositive();
            assertThat(r.erpcToBeamlinkNanos()).isPositive();
        }
        assertThat(report.machine().otp()).startsWith("OTP ");
    }

    @Test
    void theTableNamesEveryMeasurementAndEveryTarget() {
        StringWriter table = new StringWriter();
        report.print(new PrintWriter(table, true));
        assertThat(report.targets()).hasSize(6);
        assertThat(table.toString()).contains("spawn", "idle process", "send+receive", "selective receive over 100",
                "GenServer call, local", "Beamlink -> OTP", "erpc:call from OTP", "Targets");
        for (ProcessReport.Target target : report.targets()) {
            assertThat(table.toString()).contains(target.name());
        }
        assertThat(progress).contains("round 2 Beamlink", "round 2 OTP");
    }

    private static void assertPositive(RoundFigures f) {
        assertThat(f.spawnsPerSecond()).isPositive();
        assertThat(f.messagesPerSecond()).isPositive();
        assertThat(f.selectiveReceiveNanos()).isPositive();
        assertThat(f.localCallNanos()).isPositive();
        assertThat(f.remoteCallNanos()).isPositive();
    }
}
