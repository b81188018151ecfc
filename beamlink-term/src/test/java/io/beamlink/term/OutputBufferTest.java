package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
