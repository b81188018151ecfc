package io.beamlink.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpOutputStream;
import io.beamlink.bench.Payload;
import io.beamlink.term.TermEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both codec benchmarks work on the same term and every benchmark method does its job, once each. */
class CodecBenchmarkSetupTest {
    @ParameterizedTest
    @EnumSource(Payload.class)
    void beamlinkEncodesAndDecodesThePayload(Payload payload) throws Exception {
        BeamlinkCodecBenchmark bench = new BeamlinkCodecBenchmark();
        bench.payload = payload;
        bench.setUp();
        byte[] expected = TermEncoder.encode(payload.term());

        assertThat(bench.encode().toByteArray()).isEqualTo(expected);
        assertThat(bench.encodeCopying().toByteArray()).isEqualTo(expected);
        assertThat(bench.encodeToArray()).isEqualTo(expected);
        assertThat(bench.decode()).isEqualTo(payload.term());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void jinterfaceEncodesTheSameBytesAndDecodesThemBack(Payload payload) throws Exception {
        JInterfaceCodecBenchmark bench = new JInterfaceCodecBenchmark();
        bench.payload = payload;
        bench.setUp();
        byte[] expected = TermEncoder.encode(payload.term());

        assertThat(bench.encode().toByteArray()).isEqualTo(expected);
        assertThat(bench.encodeToArray()).isEqualTo(expected);
        OtpOutputStream again = new OtpOutputStream();
        again.write1(131);
        again.write_any(bench.decode());
        assertThat(again.toByteArray()).isEqualTo(expected);
    }
}
