package io.beamlink.bench.dist;

import java.util.Arrays;

/** Exact percentiles (nearest rank) of a series of measurements in nanoseconds. */
public final class Percentiles {
    private final long[] sorted;

    public Percentiles(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The smallest value that at least {@code percent}% of the values do not exceed. */
    public long at(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + percent);
        }
        // The tolerance keeps binary fractions from pushing an exact rank up (99.9% of 1000 is 999).
        int rank = (int) Math.ceil(percent * sorted.length / 100 - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }

    public long median() {
        return at(50);
    }

    public int count() {
        return sorted.length;
    }
}
