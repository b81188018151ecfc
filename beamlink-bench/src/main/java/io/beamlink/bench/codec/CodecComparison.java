package io.beamlink.bench.codec;

import io.beamlink.bench.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Beamlink against JInterface, each operation and payload measured back to back, the order
 * alternating from round to round: on a shared machine the load drifts, and a plain JMH run,
 * which measures every Beamlink benchmark before any JInterface one, would give one side the
 * quieter minutes. Prints, per operation and payload, the median over the rounds of each side's
 * operations per second, of the ratio within each round, of each side's CPU time per operation
 * ({@link CpuTimeProfiler}) and its ratio, which the load moves far less, and the allocation per
 * operation.
 *
 * <p>Run: {@code java -cp benchmarks.jar:/usr/share/java/OtpErlang.jar
 * io.beamlink.bench.codec.CodecComparison [ROUNDS [OPERATION,...]]} (default 3 rounds, every
 * operation: encode, encodeCopying, encodeToArray, decode).
 */
public final class CodecComparison {
    /** Each Beamlink benchmark (the operation's name) and the JInterface one it is compared with. */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("encode", "encode");
        OPERATIONS.put("encodeCopying", "encode");
        OPERATIONS.put("encodeToArray", "encodeToArray");
        OPERATIONS.put("decode", "decode");
    }
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    /** The JDK release that warns about sun.misc.Unsafe and has the option to allow it quietly. */
    private static final int UNSAFE_WARNING_FEATURE = 23;

    private CodecComparison() {
    }

    /** One side's figures for one operation and payload, per round. */
    private record Series(List<Double> opsPerSecond, List<Double> cpuNanosPerOp, List<Double> bytesPerOp) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        List<String> operations = args.length > 1 ? List.of(args[1].split(",")) : List.copyOf(OPERATIONS.keySet());
        for (String operation : operations) {
            if (!OPERATIONS.containsKey(operation)) {
                throw new IllegalArgumentException("unknown operation " + operation + ", expected one of " + OPERATIONS.keySet());
            }
        }
        Map<String, Map<Payload, Series[]>> figures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String operation : operations) {
                for (Payload payload : Payload.values()) {
                    Series[] sides = figures.computeIfAbsent(operation, o -> new EnumMap<>(Payload.class))
                            .computeIfAbsent(payload, p -> new Series[] {new Series(), new Series()});
                    boolean beamlinkFirst = round % 2 == 0;
                    for (int turn = 0; turn < 2; turn++) {
                        boolean beamlink = (turn == 0) == beamlinkFirst;
                        RunResult result = beamlink
                                ? run(BeamlinkCodecBenchmark.class, operation, payload)
                                : run(JInterfaceCodecBenchmark.class, OPERATIONS.get(operation), payload);
                        Series series = sides[beamlink ? 0 : 1];
                        series.opsPerSecond().add(result.getPrimaryResult().getScore());
                        series.cpuNanosPerOp().add(secondary(result, CpuTimeProfiler.NAME));
                        series.bytesPerOp().add(secondary(result, ALLOCATION));
                        System.err.printf(Locale.ROOT, "round %d/%d  %-13s %-12s %-10s %,14.0f ops/s%n", round + 1,
                                rounds, operation, payload, beamlink ? "Beamlink" : "JInterface",
                                result.getPrimaryResult().getScore());
                    }
                }
            }
        }
        print(figures, rounds);
    }

    private static double secondary(RunResult result, String name) {
        Result<?> secondary = result.getSecondaryResults().get(name);
        return secondary == null ? Double.NaN : secondary.getScore();
    }

    private static RunResult run(Class<?> benchmark, String operation, Payload payload) throws RunnerException {
        // These replace the benchmark classes' own fork options, so the heap options are repeated here.
        List<String> jvmArgs = new ArrayList<>(List.of(FixedHeap.INITIAL, FixedHeap.MAXIMUM, FixedHeap.PRE_TOUCH));
        if (Runtime.version().feature() >= UNSAFE_WARNING_FEATURE) {
            // JMH's own use of sun.misc.Unsafe makes each fork print four warning lines into the table.
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow");
        }
        Options options = new OptionsBuilder()
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + operation + "$")
                .param("payload", payload.name())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .addProfiler(CpuTimeProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .build();
        return new Runner(options).runSingle();
    }

    private static void print(Map<String, Map<Payload, Series[]>> figures, int rounds) {
        System.out.printf(Locale.ROOT, "%nMedians over %d round(s); ratios = Beamlink / JInterface within each round:"
                + " of operations per second, and of CPU time per operation (JInterface's / Beamlink's)%n", rounds);
        System.out.printf(Locale.ROOT, "%-14s %-13s %16s %16s %8s %12s %12s %9s %12s %12s%n", "operation", "payload",
                "Beamlink ops/s", "JInterface ops/s", "ratio", "Beamlink ns", "JInterface ns", "CPU ratio",
                "Beamlink B/op", "JInterface B/op");
        figures.forEach((operation, byPayload) -> byPayload.forEach((payload, sides) -> {
            double[] ratios = new double[rounds];
            double[] cpuRatios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = sides[0].opsPerSecond().get(i) / sides[1].opsPerSecond().get(i);
                cpuRatios[i] = sides[1].cpuNanosPerOp().get(i) / sides[0].cpuNanosPerOp().get(i);
            }
            System.out.printf(Locale.ROOT, "%-14s %-13s %,16.0f %,16.0f %8.2f %12.1f %12.1f %9.2f %12.1f %12.1f%n",
                    operation, payload, median(sides[0].opsPerSecond()), median(sides[1].opsPerSecond()),
                    median(ratios), median(sides[0].cpuNanosPerOp()), median(sides[1].cpuNanosPerOp()),
                    median(cpuRatios), median(sides[0].bytesPerOp()), median(sides[1].bytesPerOp()));
        }));
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
