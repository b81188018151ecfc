package io.beamlink.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * A bitstring whose size is not a whole number of bytes: {@code bytes.length - 1} full bytes
 * and {@code bitsInLastByte} (1..7) bits of the last byte, most significant first. Unused low
 * bits of the last byte are zero. A whole number of bytes is a {@link Binary}.
 */
public record BitString(byte[] bytes, int bitsInLastByte) implements Term {
    public BitString {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bitsInLastByte < 1 || bitsInLastByte > 7) {
            throw new IllegalArgumentException("a bitstring has 1..7 bits in a last byte; whole bytes are a Binary");
        }
        int unused = 8 - bitsInLastByte;
        bytes[bytes.length - 1] &= (byte) (0xFF << unused);
    }

    /** Bits or a binary: {@code bits} in the last byte (1..8), 8 giving a {@link Binary}. */
    public static Term of(byte[] bytes, int bitsInLastByte) {
        if (bytes.length == 0 || bitsInLastByte == 8) {
            return Binary.of(bytes);
        }
        return new BitString(bytes, bitsInLastByte);
    }

    public long bitSize() {
        return (bytes.length - 1) * 8L + bitsInLastByte;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitString other
                && bitsInLastByte == other.bitsInLastByte && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + bitsInLastByte;
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
