package io.beamlink.bench.codec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark threads per operation ({@value #NAME}, ns/op), the least over the
 * measurement iterations. Operations per second measure wall-clock time, which on a machine
 * shared with other work includes the time the benchmark thread waited for a CPU; CPU time does
 * not, and the least iteration is the one other work disturbed least (cache misses and
 * interruptions still add CPU time), so its ratios move far less with the load. Only JMH's
 * worker threads count: the garbage collector's threads do not, which leaves out the cost of
 * collecting what a benchmark allocates.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    static final String NAME = "cpu.time.norm";
    /** JMH names the threads that run the benchmark method {@code <benchmark>-jmh-worker-<n>}. */
    private static final String WORKER_THREAD = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> cpuAtStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = workerCpuTimes();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = 0;
        for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
            // A worker started during the iteration counts from zero.
            cpu += worker.getValue() - cpuAtStart.getOrDefault(worker.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : (double) cpu / ops;
        return List.of(new ScalarResult(NAME, perOp, "ns/op", AggregationPolicy.MIN));
    }

    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(WORKER_THREAD)) {
                long cpu = threads.getThreadCpuTime(thread.threadId());
                if (cpu >= 0) {
                    times.put(thread.threadId(), cpu);
                }
            }
        }
        return times;
    }
}
