package io.beamlink.term;

import java.math.BigInteger;
import java.util.Arrays;

/** Collects the segments of a {@code <<...>>} literal bit by bit, most significant first. */
final class BitStringBuilder {
    private byte[] bytes = new byte[16];
    private long bitCount;

    /** The low {@code size} bits of {@code value} (two's complement for negative values). */
    void append(BigInteger value, int size) {
        for (int bit = size - 1; bit >= 0; bit--) {
            appendBit(value.testBit(bit));
        }
    }

    void appendBytes(byte[] data) {
        for (byte b : data) {
            append(BigInteger.valueOf(b & 0xFF), 8);
        }
    }

    private void appendBit(boolean set) {
        int index = (int) (bitCount >>> 3);
        if (index == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        if (set) {
            bytes[index] |= (byte) (0x80 >>> (bitCount & 7));
        }
        bitCount++;
    }

    /** A {@link Binary} for a whole number of bytes, else a {@link BitString}. */
    Term build() {
        int length = (int) ((bitCount + 7) >>> 3);
        int rest = (int) (bitCount & 7);
        byte[] exact = Arrays.copyOf(bytes, length);
        return rest == 0 ? Binary.of(exact) : new BitString(exact, rest);
    }
}
