package io.beamlink.bench.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankOnAThousandValues() {
        long[] values = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();
        Percentiles p = new Percentiles(values);
        assertThat(p.median()).isEqualTo(500);
        assertThat(p.at(99)).isEqualTo(990);
        assertThat(p.at(99.9)).isEqualTo(999);
        assertThat(p.at(100)).isEqualTo(1000);
        assertThat(p.at(0.01)).isEqualTo(1);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        Percentiles p = new Percentiles(new long[] {42});
        assertThat(p.median()).isEqualTo(42);
        assertThat(p.at(99.9)).isEqualTo(42);
    }

    @Test
    void theCallersArrayIsLeftAsItWas() {
        long[] values = {3, 1, 2};
        new Percentiles(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void noValuesOrAPercentOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Percentiles(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(100.5)).hasMessageContaining("(0, 100]");
    }
}
