package io.beamlink.term;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An integer outside the {@code long} range. Use {@link Term#integer(BigInteger)}, which keeps
 * values that fit a {@code long} as {@link Int} so that each integer has one representation.
 */
public record BigInt(BigInteger value) implements Term {
    public BigInt {
        Objects.requireNonNull(value, "value");
        if (value.bitLength() < 64) {
            throw new IllegalArgumentException("fits a long, use Int: " + value);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
