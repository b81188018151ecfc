package io.beamlink.bench.codec;

import io.beamlink.bench.Payload;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecodeException;
import io.beamlink.term.TermDecoder;
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
 * Beamlink's term codec on the three benchmark payloads. {@code encode} encodes into a reused
 * {@link OutputBuffer} that references binaries of at least {@value #MIN_REFERENCED_BYTES}
 * bytes rather than copying them, for a gathering write. {@code encodeCopying} is the same into
 * a reused buffer that copies every byte, which is what the distribution connection does today
 * (it writes through socket streams).
 * {@code encodeToArray} is {@code term_to_binary}, which allocates its result. Compare with
 * {@link JInterfaceCodecBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {FixedHeap.INITIAL, FixedHeap.MAXIMUM, FixedHeap.PRE_TOUCH})
@State(Scope.Thread)
public class BeamlinkCodecBenchmark {
    /** Smaller binaries cost less to copy than to send as a segment of their own. */
    static final int MIN_REFERENCED_BYTES = 512;
    /** A buffer already grown past these payloads (JInterface's stream starts at 2 KiB). */
    private static final int CONNECTION_BUFFER_BYTES = 8192;

    @Param
    Payload payload;

    private Term term;
    private byte[] encoded;
    private OutputBuffer buffer;
    private OutputBuffer copyingBuffer;
    private TermDecoder decoder;

    @Setup
    public void setUp() {
        term = payload.term();
        encoded = TermEncoder.encode(term);
        buffer = OutputBuffer.referencingBinaries(CONNECTION_BUFFER_BYTES, MIN_REFERENCED_BYTES);
        copyingBuffer = new OutputBuffer(CONNECTION_BUFFER_BYTES);
        decoder = TermDecoder.standard();
    }

    @Benchmark
    public OutputBuffer encode() {
        buffer.reset();
        TermEncoder.encode(term, buffer);
        return buffer;
    }

    @Benchmark
    public OutputBuffer encodeCopying() {
        copyingBuffer.reset();
        TermEncoder.encode(term, copyingBuffer);
        return copyingBuffer;
    }

    @Benchmark
    public byte[] encodeToArray() {
        return TermEncoder.encode(term);
    }

    @Benchmark
    public Term decode() throws TermDecodeException {
        return decoder.decode(encoded);
    }
}
