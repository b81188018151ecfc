package io.beamlink.bench.epmd;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.epmd.NameEntry;
import io.beamlink.epmd.NodeAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trips per second against OTP's epmd and Beamlink's, in the same run, with the same
 * client ({@link EpmdClient}); each epmd runs in its own process. Every operation opens a
 * connection, as the protocol wants: register (ALIVE2_REQ and close, so the name unregisters),
 * lookup (PORT_PLEASE2_REQ) and names (NAMES_REQ with {@value #LISTED} names registered).
 *
 * <pre>java -jar beamlink-bench/target/benchmarks.jar EpmdBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// Each trial starts a fresh epmd; Beamlink's runs in a new JVM, whose JIT needs about half a minute.
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
public class EpmdBenchmark {
    static final int LISTED = 10;
    /** Names registered by the register benchmark rotate through this many, so OTP's table stays bounded too. */
    private static final long ROTATION = 100_000;

    @Param({"otp", "beamlink"})
    public String epmd;

    private BenchEpmd daemon;
    private EpmdClient client;
    private final List<EpmdRegistration> registered = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        daemon = BenchEpmd.start(epmd);
        client = daemon.client();
        registered.add(client.register("target", 50785));
        for (int i = 1; i < LISTED; i++) {
            registered.add(client.register("listed" + i, 50785 + i));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        registered.forEach(EpmdRegistration::close);
        registered.clear();
        daemon.close();
    }

    @Benchmark
    public int register() throws IOException {
        try (EpmdRegistration registration = client.register("r" + next.incrementAndGet() % ROTATION, 40000)) {
            return registration.creation();
        }
    }

    @Benchmark
    public Optional<NodeAddress> lookup() throws IOException {
        return client.lookup("target");
    }

    @Benchmark
    public List<NameEntry> names() throws IOException {
        return client.names();
    }
}
