package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class OutputBufferTest {
    @Test
    void writesBigEndianAndGrowsFromZeroCapacity() {
        OutputBuffer out = new OutputBuffer(0);
        out.writeByte(0x1FF);
        out.writeShort(0x12345);
        out.writeInt(0xCAFEBABE);
        out.writeLong(0x0102030405060708L);
        out.writeBytes(new byte[] {9, 10, 11}, 1, 2);
        assertThat(Hex.of(out.toByteArray())).isEqualTo("ff 23 45 ca fe ba be 01 02 03 04 05 06 07 08 0a 0b");
        assertThat(out.size()).isEqualTo(17);
    }

    @Test
    void patchesALengthFieldWrittenEarlier() {
        OutputBuffer out = new OutputBuffer(8);
        out.writeInt(0);
        out.writeBytes(new byte[] {1, 2, 3});
        out.putInt(0, out.size() - 4);
        assertThat(Hex.of(out.toByteArray())).isEqualTo("00 00 00 03 01 02 03");
        assertThatThrownBy(() -> out.putInt(4, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesARangeAndTruncatesInEitherMode() {
        byte[] blob = new byte[600];
        java.util.Arrays.fill(blob, (byte) 7);
        Term term = Tuple.of(Atom.of("a"), Binary.of(blob), Atom.of("b"));
        for (OutputBuffer out : new OutputBuffer[] {new OutputBuffer(16), OutputBuffer.referencingBinaries(16, 512)}) {
            out.writeInt(0x01020304);
            int start = out.size();
            TermEncoder.encode(term, out);
            byte[] whole = out.toByteArray();
            assertThat(out.copyOfRange(start, out.size()))
                    .isEqualTo(java.util.Arrays.copyOfRange(whole, start, whole.length))
                    .isEqualTo(TermEncoder.encode(term));
            out.truncate(start);
            assertThat(out.size()).isEqualTo(4);
            assertThat(Hex.of(out.toByteArray())).isEqualTo("01 02 03 04");
            assertThatThrownBy(() -> out.truncate(5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> out.copyOfRange(2, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void resetKeepsTheGrownArrayForTheNextMessage() {
        OutputBuffer out = new OutputBuffer(2);
        out.writeLong(1);
        byte[] grown = out.array();
        out.reset();
        assertThat(out.size()).isZero();
        out.writeLong(2);
        assertThat(out.array()).isSameAs(grown);
    }

    @Test
    void asByteBufferViewsTheContent() {
        OutputBuffer out = new OutputBuffer(64);
        out.writeShort(0xABCD);
        ByteBuffer view = out.asByteBuffer();
        assertThat(view.position()).isZero();
        assertThat(view.remaining()).isEqualTo(2);
        assertThat(view.getShort()).isEqualTo((short) 0xABCD);
    }

    @Test
    void rejectsNegativeCapacityAndOutOfRangeSlices() {
        assertThatThrownBy(() -> new OutputBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutputBuffer(4).writeBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aReferencingBufferKeepsLargeBinariesOutOfItsArrayUntilAskedForIt() throws IOException {
        byte[] large = {1, 2, 3, 4};
        OutputBuffer out = OutputBuffer.referencingBinaries(64, 4);
        out.writeInt(0);
        TermEncoder.encodeBody(Term.tuple(Binary.wrap(large, 0, 4), Binary.wrap(large, 1, 3)), out);
        out.putInt(0, out.size() - 4);
        String expected = "00 00 00 13 68 02 6d 00 00 00 04 01 02 03 04 6d 00 00 00 03 02 03 04";
        assertThat(out.size()).isEqualTo(23);
        // Only the 4-byte binary is referenced: 4 bytes of the content are not in the array yet.
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        out.writeTo(written);
        assertThat(Hex.of(written.toByteArray())).isEqualTo(expected);
        assertThat(out.toByteBuffers()).hasSize(3);
        assertThat(Hex.of(out.toByteArray())).isEqualTo(expected);
        // The next write lands after the copied-in binary.
        out.writeByte(0xFF);
        assertThat(Hex.of(out.toByteArray())).isEqualTo(expected + " ff");
    }

    @Test
    void patchingALengthFieldFindsItAcrossReferencedBinaries() {
        OutputBuffer out = OutputBuffer.referencingBinaries(64, 2);
        out.writeInt(0);
        TermEncoder.encodeBody(Binary.of(new byte[] {7, 7}), out);
        int second = out.size();
        out.writeInt(0);
        TermEncoder.encodeBody(Binary.of(new byte[] {8, 8}), out);
        out.putInt(second, 0x01020304);
        out.putInt(0, 0x0A0B0C0D);
        assertThat(Hex.of(out.toByteArray()))
                .isEqualTo("0a 0b 0c 0d 6d 00 00 00 02 07 07 01 02 03 04 6d 00 00 00 02 08 08");
    }

    @Test
    void patchingBytesOfAReferencedBinaryIsRejected() {
        OutputBuffer out = OutputBuffer.referencingBinaries(64, 4);
        TermEncoder.encodeBody(Binary.of(new byte[8]), out);
        out.writeInt(0);
        assertThatThrownBy(() -> out.putInt(5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("referenced binary");
        assertThatThrownBy(() -> out.putInt(11, 1)).isInstanceOf(IllegalArgumentException.class);
        out.putInt(13, 1);
        assertThat(out.toByteArray()).hasSize(17);
    }

    @Test
    void resetDropsTheReferencesAndKeepsTheArray() throws IOException {
        OutputBuffer out = OutputBuffer.referencingBinaries(16, 4);
        TermEncoder.encodeBody(Binary.of(new byte[100]), out);
        byte[] array = out.toByteBuffers()[0].array();
        out.reset();
        assertThat(out.size()).isZero();
        TermEncoder.encodeBody(Binary.of(new byte[] {5, 6, 7, 8}), out);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        out.writeTo(written);
        assertThat(Hex.of(written.toByteArray())).isEqualTo("6d 00 00 00 04 05 06 07 08");
        assertThat(out.toByteBuffers()[0].array()).isSameAs(array);
    }

    @Test
    void aCopyingBufferCopiesEveryBinary() {
        OutputBuffer out = new OutputBuffer(16);
        TermEncoder.encodeBody(Binary.of(new byte[1000]), out);
        assertThat(out.toByteBuffers()).hasSize(1);
        assertThat(out.array()).hasSizeGreaterThanOrEqualTo(1005);
    }

    @Test
    void rejectsAReferenceThresholdBelowOneByte() {
        assertThatThrownBy(() -> OutputBuffer.referencingBinaries(16, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
