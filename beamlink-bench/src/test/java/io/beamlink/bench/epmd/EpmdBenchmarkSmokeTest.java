package io.beamlink.bench.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each benchmark operation works against both epmds (correctness only; JMH measures speed). */
class EpmdBenchmarkSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"otp", "beamlink"})
    void everyOperationSucceeds(String epmd) throws Exception {
        EpmdBenchmark benchmark = new EpmdBenchmark();
        benchmark.epmd = epmd;
        benchmark.start();
        try {
            assertThat(Integer.toUnsignedLong(benchmark.register())).isGreaterThan(3);
            assertThat(benchmark.lookup()).map(address -> address.port()).contains(50785);
            assertThat(benchmark.names()).hasSize(EpmdBenchmark.LISTED);
        } finally {
            benchmark.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"otp", "beamlink"})
    void theDaemonProcessReportsItsMemory(String epmd) throws Exception {
        try (BenchEpmd daemon = BenchEpmd.start(epmd)) {
            assertThat(daemon.residentBytes()).isPositive();
            assertThat(daemon.heapAfterGc().isPresent()).isEqualTo(epmd.equals("beamlink"));
        }
    }
}
