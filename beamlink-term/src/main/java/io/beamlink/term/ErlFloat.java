package io.beamlink.term;

/**
 * A float. Erlang floats are finite: NaN and infinities are rejected. {@code 0.0} and
 * {@code -0.0} are different terms, as with {@code =:=} since OTP 27.
 */
public record ErlFloat(double value) implements Term {
    public ErlFloat {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Erlang floats are finite, got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErlFloat other
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(other.value);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
