package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Encode then decode is the identity, for every kind of term and every way in. */
class TermCodecPropertiesTest {
    private final TermDecoder decoder = TermDecoder.standard();

    @Provide
    Arbitrary<Term> terms() {
        return TermArbitraries.terms();
    }

    @Property(tries = 1000)
    void decodingAnEncodingGivesTheTermBack(@ForAll("terms") Term term) throws TermDecodeException {
        assertThat(decoder.decode(TermEncoder.encode(term))).isEqualTo(term);
    }

    @Property(tries = 1000)
    void encodedSizeIsTheExactLengthOfTheBody(@ForAll("terms") Term term) {
        OutputBuffer out = new OutputBuffer(0);
        TermEncoder.encodeBody(term, out);
        assertThat(TermEncoder.encodedSize(term)).isEqualTo(out.size());
        assertThat(TermEncoder.encode(term)).hasSize(out.size() + 1);
    }

    @Property(tries = 500)
    void compressedEncodingsDecodeToTheTerm(@ForAll("terms") Term term, @ForAll @IntRange(min = 0, max = 9) int level)
            throws TermDecodeException {
        assertThat(decoder.decode(TermEncoder.encodeCompressed(term, level))).isEqualTo(term);
    }

    @Property(tries = 500)
    void decodingBodiesFromBuffersGivesTheTermBackAndConsumesIt(@ForAll("terms") Term term) throws TermDecodeException {
        OutputBuffer out = new OutputBuffer(16);
        TermEncoder.encodeBody(term, out);
        TermEncoder.encodeBody(Atom.OK, out);
        ByteBuffer heap = out.asByteBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(out.size()).put(out.asByteBuffer()).flip();
        for (ByteBuffer buffer : new ByteBuffer[] {heap, direct, out.asByteBuffer().asReadOnlyBuffer()}) {
            assertThat(decoder.decodeBody(buffer, null)).isEqualTo(term);
            assertThat(decoder.decodeBody(buffer, null)).isEqualTo(Atom.OK);
            assertThat(buffer.hasRemaining()).isFalse();
        }
    }

    @Property(tries = 500)
    void aBufferReferencingBinariesHoldsTheSameBytesAsACopyingOne(@ForAll("terms") Term term,
            @ForAll @IntRange(min = 1, max = 40) int minReferencedBytes) throws IOException {
        OutputBuffer copying = new OutputBuffer(0);
        OutputBuffer referencing = OutputBuffer.referencingBinaries(0, minReferencedBytes);
        for (OutputBuffer out : new OutputBuffer[] {copying, referencing}) {
            out.writeInt(0);
            TermEncoder.encode(term, out);
            TermEncoder.encodeBody(term, out);
            out.putInt(0, out.size());
        }
        byte[] expected = copying.toByteArray();
        assertThat(referencing.size()).isEqualTo(expected.length);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        referencing.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(expected);
        ByteBuffer gathered = ByteBuffer.allocate(expected.length);
        for (ByteBuffer segment : referencing.toByteBuffers()) {
            gathered.put(segment);
        }
        assertThat(gathered.array()).isEqualTo(expected);
        assertThat(referencing.toByteArray()).isEqualTo(expected);
    }

    @Property(tries = 500)
    void reencodingADecodedTermGivesTheSameBytes(@ForAll("terms") Term term) throws TermDecodeException {
        byte[] bytes = TermEncoder.encode(term);
        assertThat(TermEncoder.encode(decoder.decode(bytes))).isEqualTo(bytes);
    }
}
