package io.beamlink.bench.codec;

import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import io.beamlink.bench.Payload;
import io.beamlink.term.TermEncoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline: JInterface's {@link OtpOutputStream} and {@link OtpInputStream} (the Debian
 * erlang-jinterface jar, on the class path at run time only) on the same payloads and the same
 * operations as {@link BeamlinkCodecBenchmark}. Its best case is measured: {@code encode} reuses
 * one stream, as a long-lived connection could.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {FixedHeap.INITIAL, FixedHeap.MAXIMUM, FixedHeap.PRE_TOUCH})
@State(Scope.Thread)
public class JInterfaceCodecBenchmark {
    private static final int VERSION = 131;

    @Param
    Payload payload;

    private OtpErlangObject term;
    private byte[] encoded;
    private OtpOutputStream stream;

    @Setup
    public void setUp() throws OtpErlangDecodeException {
        // The same bytes Beamlink encodes, read by JInterface: both sides hold the same term.
        encoded = TermEncoder.encode(payload.term());
        term = new OtpInputStream(encoded).read_any();
        stream = new OtpOutputStream();
    }

    @Benchmark
    public OtpOutputStream encode() {
        stream.reset();
        stream.write1(VERSION);
        stream.write_any(term);
        return stream;
    }

    @Benchmark
    public byte[] encodeToArray() {
        OtpOutputStream out = new OtpOutputStream();
        out.write1(VERSION);
        out.write_any(term);
        return out.toByteArray();
    }

    @Benchmark
    public OtpErlangObject decode() throws OtpErlangDecodeException {
        return new OtpInputStream(encoded).read_any();
    }
}
