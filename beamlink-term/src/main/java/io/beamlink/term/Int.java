package io.beamlink.term;

/** An integer that fits a {@code long}. Larger integers are {@link BigInt}. */
public record Int(long value) implements Term {
    private static final Int[] SMALL = new Int[1024 + 128];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new Int(i - 128);
        }
    }

    /** The integer, shared for small values so hot paths do not allocate. */
    public static Int of(long value) {
        return value >= -128 && value < SMALL.length - 128 ? SMALL[(int) value + 128] : new Int(value);
    }

    public java.math.BigInteger bigValue() {
        return java.math.BigInteger.valueOf(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
