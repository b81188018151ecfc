package io.beamlink.bench.epmd;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Round trips per second against OTP's epmd and Beamlink's, interleaved: every round runs each
 * operation for a short slice on one epmd, then on the other (the order alternates), so both see
 * the same machine load, and reports medians and the median of the per-round ratios. On a
 * shared or busy machine this compares more fairly than measuring one epmd after the other
 * ({@link EpmdBenchmark}, JMH, does that). It also reports the CPU time each epmd process spent
 * per operation, which depends less on what else the machine runs.
 *
 * <p>Beamlink's daemon is a JVM: its JIT compiler is still at work for about the first 10,000
 * registrations, which the default warm-up does not always cover; more warm-up rounds measure
 * a daemon that has been running for a while.
 *
 * <pre>java -cp beamlink-bench/target/benchmarks.jar io.beamlink.bench.epmd.EpmdRoundTrips [rounds] [slice-ms] [warm-up-rounds]</pre>
 */
public final class EpmdRoundTrips {
    private static final int DEFAULT_WARMUP_ROUNDS = 5;

    private EpmdRoundTrips() {
    }

    /** One operation of the benchmark, one round trip each. */
    @FunctionalInterface
    private interface Operation {
        void run(EpmdClient client, long sequence) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long sliceMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        int warmupRounds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_WARMUP_ROUNDS;
        Map<String, Operation> operations = new LinkedHashMap<>();
        operations.put("register", (client, n) -> {
            try (EpmdRegistration registration = client.register("r" + n % 100_000, 40000)) {
                registration.creation();
            }
        });
        operations.put("lookup", (client, n) -> client.lookup("target"));
        operations.put("names", (client, n) -> client.names());

        try (BenchEpmd otp = BenchEpmd.start("otp"); BenchEpmd beamlink = BenchEpmd.start("beamlink")) {
            List<EpmdRegistration> registered = new ArrayList<>();
            try {
                for (BenchEpmd epmd : List.of(otp, beamlink)) {
                    registered.add(epmd.client().register("target", 50785));
                    for (int i = 1; i < EpmdBenchmark.LISTED; i++) {
                        registered.add(epmd.client().register("listed" + i, 50785 + i));
                    }
                }
                System.out.printf(Locale.ROOT, "%d rounds of %d ms per operation and epmd (after %d warm-up rounds), one client thread%n",
                        rounds, sliceMillis, warmupRounds);
                System.out.printf(Locale.ROOT, "%-9s %14s %14s %10s %18s %14s %14s%n", "operation", "OTP ops/s",
                        "Beamlink ops/s", "ratio", "ratio min..max", "OTP CPU/op", "Beamlink CPU/op");
                for (Map.Entry<String, Operation> operation : operations.entrySet()) {
                    measure(operation.getKey(), operation.getValue(), otp, beamlink, rounds, warmupRounds, sliceMillis);
                }
            } finally {
                registered.forEach(EpmdRegistration::close);
            }
        }
    }

    private static void measure(String name, Operation operation, BenchEpmd otp, BenchEpmd beamlink, int rounds,
            int warmupRounds, long sliceMillis) throws IOException {
        double[] otpRates = new double[rounds];
        double[] beamlinkRates = new double[rounds];
        double[] ratios = new double[rounds];
        Slice otpTotal = new Slice(0, 0);
        Slice beamlinkTotal = new Slice(0, 0);
        long[] sequence = {0};
        for (int round = -warmupRounds; round < rounds; round++) {
            boolean otpFirst = Math.floorMod(round, 2) == 0;
            Slice first = slice(otpFirst ? otp : beamlink, operation, sliceMillis, sequence);
            Slice second = slice(otpFirst ? beamlink : otp, operation, sliceMillis, sequence);
            if (round >= 0) {
                Slice onOtp = otpFirst ? first : second;
                Slice onBeamlink = otpFirst ? second : first;
                otpRates[round] = onOtp.rate(sliceMillis);
                beamlinkRates[round] = onBeamlink.rate(sliceMillis);
                ratios[round] = beamlinkRates[round] / otpRates[round];
                otpTotal = otpTotal.plus(onOtp);
                beamlinkTotal = beamlinkTotal.plus(onBeamlink);
            }
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%-9s %14.0f %14.0f %9.2fx %8.2f..%.2f %11.0f us %12.0f us%n", name,
                median(otpRates), median(beamlinkRates), median(ratios), ratios[0], ratios[rounds - 1],
                otpTotal.cpuMicrosPerOperation(), beamlinkTotal.cpuMicrosPerOperation());
    }

    /** Operations completed in one slice and the CPU time the epmd process spent on them. */
    private record Slice(long operations, long cpuNanos) {
        double rate(long millis) {
            return operations / (millis / 1000.0);
        }

        Slice plus(Slice other) {
            return new Slice(operations + other.operations, cpuNanos + other.cpuNanos);
        }

        double cpuMicrosPerOperation() {
            return operations == 0 ? 0 : cpuNanos / 1000.0 / operations;
        }
    }

    /** Runs the operation for {@code millis}; counts the operations and the epmd's CPU time. */
    private static Slice slice(BenchEpmd epmd, Operation operation, long millis, long[] sequence) throws IOException {
        EpmdClient client = epmd.client();
        long cpuBefore = epmd.cpuNanos();
        long end = System.nanoTime() + millis * 1_000_000;
        long count = 0;
        do {
            operation.run(client, sequence[0]++);
            count++;
        } while (System.nanoTime() < end);
        return new Slice(count, epmd.cpuNanos() - cpuBefore);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
