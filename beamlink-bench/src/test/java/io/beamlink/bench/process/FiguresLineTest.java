package io.beamlink.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beamlink.bench.dist.BenchmarkException;
import org.junit.jupiter.api.Test;

/** The line the Erlang side prints, and what a broken one is told. */
class FiguresLineTest {
    private static final String LINE = "FIGURES spawn_per_s=1000 idle_bytes=2744 send_per_s=5000000 selective_ns=30000"
            + " local_call_ns=900 remote_call_ns=40000 erpc_ns=50000 erpc_to_beamlink_ns=45000";

    @Test
    void readsEveryField() {
        assertThat(OtpProcesses.parse(LINE))
                .isEqualTo(new OtpRound(new RoundFigures(1000, 2744, 5_000_000, 30_000, 900, 40_000), 50_000, 45_000));
    }

    @Test
    void namesAMissingField() {
        assertThatThrownBy(() -> OtpProcesses.parse(LINE.replace(" remote_call_ns=40000", "")))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("no remote_call_ns");
    }

    @Test
    void namesAWordThatIsNotANumber() {
        assertThatThrownBy(() -> OtpProcesses.parse(LINE.replace("=900", "=fast")))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("local_call_ns=fast");
    }

    @Test
    void refusesAnotherLine() {
        assertThatThrownBy(() -> OtpProcesses.parse("cannot compile"))
                .isInstanceOf(BenchmarkException.class).hasMessageContaining("not a figures line");
    }
}
