package io.beamlink.bench.dist;

import io.beamlink.Node;
import io.beamlink.bench.Payload;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * {@code beamlink bench dist}: Beamlink, OTP and JInterface side by side on loopback, in one
 * run, so the ratios between them are fair. The run starts its own epmd (on a free port), two
 * erl nodes, a JInterface JVM and Beamlink nodes in this JVM, measures connection setup, then
 * throughput and round trips for every pairing and payload (pairings take turns within each
 * round), then the memory of idle connections, and stops everything it started (also on
 * Ctrl-C).
 */
public final class DistBenchmark {
    private static final String HOST = "@127.0.0.1";
    private static final int SETUP_WARM_UP_FACTOR = 4;
    /** Parts a round's throughput, round trips and connects are measured in, the pairings taking turns. */
    private static final int THROUGHPUT_PARTS = 4;
    private static final int LATENCY_PARTS = 10;
    private static final int SETUP_PARTS = 5;

    private final DistOptions options;
    private final PrintWriter progress;
    private final Cleanup cleanup;

    private DistBenchmark(DistOptions options, PrintWriter progress, Cleanup cleanup) {
        this.options = options;
        this.progress = progress;
        this.cleanup = cleanup;
    }

    /** Runs every measurement; {@code progress} hears what runs now and each figure as it comes. */
    public static DistReport run(DistOptions options, PrintWriter progress) throws InterruptedException {
        try (Cleanup cleanup = new Cleanup()) {
            return new DistBenchmark(options, progress, cleanup).measure();
        }
    }

    /** Who sends to whom in a pairing. */
    private record Route(Pairing pairing, BenchPeer sender, BenchPeer receiver) {
    }

    private record Cell(Pairing pairing, Payload payload) {
    }

    private DistReport measure() throws InterruptedException {
        Instant date = Instant.now();
        Path workDir = temporaryDirectory();
        String cookie = "bench" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        progress.println("Starting epmd, Beamlink nodes, two erl nodes and a JInterface JVM on loopback...");
        Epmd epmd = cleanup.add(Epmd.start());
        Node control = cleanup.add(startNode("bench_ctl", cookie, epmd.port(), true));
        BeamlinkPeer beamlinkA = new BeamlinkPeer(cleanup.add(startNode("beamlink_a", cookie, epmd.port(), false)));
        Node beamlinkNodeB = cleanup.add(startNode("beamlink_b", cookie, epmd.port(), false));
        BeamlinkPeer beamlinkB = new BeamlinkPeer(beamlinkNodeB);
        PeerLauncher launcher = new PeerLauncher(cookie, epmd.port(), workDir, options.jinterfaceJar());
        RemotePeer otpA = remote("OTP", cleanup.add(launcher.erl("otp_a" + HOST)), control);
        RemotePeer otpB = remote("OTP", cleanup.add(launcher.erl("otp_b" + HOST)), control);
        RemotePeer jinterface = remote("JInterface", cleanup.add(launcher.jinterface("jinterface" + HOST)), control);
        Machine machine = Machine.describe(otpA.versions());

        List<Route> routes = List.of(
                new Route(Pairing.BEAMLINK_TO_BEAMLINK, beamlinkA, beamlinkB),
                new Route(Pairing.BEAMLINK_TO_OTP, beamlinkA, otpB),
                new Route(Pairing.OTP_TO_BEAMLINK, otpA, beamlinkB),
                new Route(Pairing.OTP_TO_OTP, otpA, otpB),
                new Route(Pairing.JINTERFACE_TO_OTP, jinterface, otpB));

        List<DistReport.Setup> setups = measureSetup(routes);
        warmUp(routes);
        Map<Cell, long[]> throughputNanos = new HashMap<>();
        Map<Cell, List<long[]>> roundTrips = new HashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            for (Payload payload : Payload.values()) {
                Map<Pairing, List<Long>> throughputParts = interleaved(routes, THROUGHPUT_PARTS,
                        options.messagesOf(payload), (route, messages) -> throughput(route, payload, messages));
                for (Route route : routes) {
                    long nanos = throughputParts.get(route.pairing()).stream().mapToLong(Long::longValue).sum();
                    throughputNanos.computeIfAbsent(new Cell(route.pairing(), payload), c -> new long[options.rounds()])[round] = nanos;
                    progress.printf(Locale.ROOT, "round %d/%d  throughput  %-14s %-22s %,12.0f msg/s%n", round + 1,
                            options.rounds(), payload.label(), route.pairing().label(),
                            options.messagesOf(payload) * 1e9 / nanos);
                }
                Map<Pairing, List<long[]>> latencyParts = interleaved(routes, LATENCY_PARTS, options.roundTrips(),
                        (route, count) -> latency(route, payload, count));
                for (Route route : routes) {
                    long[] samples = concat(latencyParts.get(route.pairing()));
                    roundTrips.computeIfAbsent(new Cell(route.pairing(), payload), c -> new ArrayList<>()).add(samples);
                    progress.printf(Locale.ROOT, "round %d/%d  round trip  %-14s %-22s %,9.1f us p50%n", round + 1,
                            options.rounds(), payload.label(), route.pairing().label(),
                            new Percentiles(samples).median() / 1e3);
                }
            }
        }
        List<DistReport.Throughput> throughputs = new ArrayList<>();
        List<DistReport.Latency> latencies = new ArrayList<>();
        for (Route route : routes) {
            for (Payload payload : Payload.values()) {
                Cell cell = new Cell(route.pairing(), payload);
                throughputs.add(new DistReport.Throughput(route.pairing(), payload, options.messagesOf(payload),
                        throughputNanos.get(cell)));
                latencies.add(new DistReport.Latency(route.pairing(), payload, new Percentiles(concat(roundTrips.get(cell)))));
            }
        }
        DistReport.Memory memory = measureMemory(cookie, epmd.port(), otpB, beamlinkNodeB);
        return new DistReport(date, machine, options, setups, throughputs, latencies, memory);
    }

    /**
     * The first connects of the run (cold), then a warm-up of {@value #SETUP_WARM_UP_FACTOR} times
     * as many for every pairing, then the measured connects: a long-running node reconnects with
     * its setup code compiled, as the other figures are measured after a warm-up too.
     */
    private List<DistReport.Setup> measureSetup(List<Route> routes) {
        Map<Pairing, List<long[]>> coldParts = interleaved(routes, SETUP_PARTS, options.connects(), DistBenchmark::setup);
        Map<Pairing, Percentiles> cold = new HashMap<>();
        for (Route route : routes) {
            Percentiles nanos = new Percentiles(concat(coldParts.get(route.pairing())));
            progress.printf(Locale.ROOT, "connection setup  %-22s %,9.1f us median (cold)%n", route.pairing().label(),
                    nanos.median() / 1e3);
            cold.put(route.pairing(), nanos);
        }
        progress.println("Warming up connection setup...");
        for (Route route : routes) {
            setup(route, SETUP_WARM_UP_FACTOR * options.connects());
        }
        Map<Pairing, List<long[]>> measured = interleaved(routes, SETUP_PARTS, options.connects(), DistBenchmark::setup);
        List<DistReport.Setup> setups = new ArrayList<>();
        for (Route route : routes) {
            Percentiles nanos = new Percentiles(concat(measured.get(route.pairing())));
            progress.printf(Locale.ROOT, "connection setup  %-22s %,9.1f us median%n", route.pairing().label(),
                    nanos.median() / 1e3);
            setups.add(new DistReport.Setup(route.pairing(), cold.get(route.pairing()), nanos));
        }
        return setups;
    }

    /**
     * Measures {@code total} (messages, round trips or connects) for every route, split into
     * {@code parts} (fewer when the total is smaller), the routes taking turns part by part, each
     * turn starting one route later. This
     * machine's speed drifts (OTP→OTP's round-trip p50 on one payload was 43 µs in one round and
     * 73 µs in the next): whole runs one after the other would catch a slow spell in one
     * pairing's run only, where taking turns spreads it over every pairing.
     */
    private static <T> Map<Pairing, List<T>> interleaved(List<Route> routes, int parts, int total,
            BiFunction<Route, Integer, T> measure) {
        int count = Math.min(parts, total);
        Map<Pairing, List<T>> results = new HashMap<>();
        for (int part = 0; part < count; part++) {
            int size = total / count + (part < total % count ? 1 : 0);
            for (int turn = 0; turn < routes.size(); turn++) {
                Route route = routes.get((part + turn) % routes.size());
                results.computeIfAbsent(route.pairing(), p -> new ArrayList<>()).add(measure.apply(route, size));
            }
        }
        return results;
    }

    /** A fifth of a round for every pairing and payload, not recorded: JIT compilation, connections, caches. */
    private void warmUp(List<Route> routes) {
        progress.println("Warming up...");
        for (Payload payload : Payload.values()) {
            for (Route route : routes) {
                throughput(route, payload, options.warmupMessagesOf(payload));
                latency(route, payload, options.warmupRoundTrips());
            }
        }
    }

    private long throughput(Route route, Payload payload, int messages) {
        Pid sink = route.receiver().newSink();
        return route.sender().throughput(sink, payload.term(), messages, options.window());
    }

    /** Round trips to a fresh echo; the first, which meets the echo just spawned, is not counted. */
    private static long[] latency(Route route, Payload payload, int roundTrips) {
        Pid echo = route.receiver().newSink();
        long[] nanos = route.sender().latency(echo, payload.term(), roundTrips + 1);
        return Arrays.copyOfRange(nanos, 1, nanos.length);
    }

    private static long[] setup(Route route, int connects) {
        return route.sender().setup(route.receiver().node(), connects);
    }

    /**
     * Hidden Beamlink nodes connect to an OTP node, then to a Beamlink node; the growth of this
     * JVM's heap and of the OTP node's memory, per connection, is what an idle connection holds.
     */
    private DistReport.Memory measureMemory(String cookie, int epmdPort, RemotePeer otpHub, Node beamlinkHub)
            throws InterruptedException {
        int count = options.idleConnections();
        progress.printf(Locale.ROOT, "Memory of %d idle connections...%n", count);
        List<Node> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(cleanup.add(startNode("idle" + i, cookie, epmdPort, true)));
        }
        int otpConnectedBefore = otpHub.connectedNodes();
        long heapBefore = HeapMeter.usedAfterGc();
        long residentBefore = HeapMeter.residentBytes();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long otpBefore = otpHub.memory();
        for (Node client : clients) {
            connect(client, otpHub.node());
        }
        int otpConnected = otpHub.connectedNodes() - otpConnectedBefore;
        if (otpConnected != count) {
            throw new BenchmarkException(otpHub.node() + " has " + otpConnected + " new connections, expected " + count);
        }
        long heapWithOtp = HeapMeter.usedAfterGc();
        long residentWithOtp = HeapMeter.residentBytes();
        int threadsWithOtp = ManagementFactory.getThreadMXBean().getThreadCount();
        long otpAfter = otpHub.memory();
        for (Node client : clients) {
            connect(client, beamlinkHub.name());
        }
        long heapWithBoth = HeapMeter.usedAfterGc();
        long residentPerConnection = residentBefore < 0 || residentWithOtp < 0 ? -1
                : (residentWithOtp - residentBefore) / count;
        return new DistReport.Memory(count, (heapWithOtp - heapBefore) / count,
                (threadsWithOtp - threadsBefore) / (double) count, residentPerConnection, (otpAfter - otpBefore) / count,
                (heapWithBoth - heapWithOtp) / count);
    }

    private static void connect(Node from, Atom to) {
        if (!from.connect(to)) {
            throw new BenchmarkException(from.name() + " could not connect to " + to);
        }
    }

    private static RemotePeer remote(String runtime, ChildProcess process, Node control) {
        return new RemotePeer(runtime, Atom.of(process.name()), control.mailbox());
    }

    private static Node startNode(String alive, String cookie, int epmdPort, boolean hidden) {
        NodeConfig config = NodeConfig.builder()
                .name(NodeName.longName(alive + HOST))
                .cookie(cookie)
                .epmdPort(epmdPort)
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress())
                .hidden(hidden)
                .build();
        try {
            return Node.start(config);
        } catch (IOException e) {
            throw new BenchmarkException("cannot start Beamlink node " + alive + HOST + ": " + e.getMessage(), e);
        }
    }

    private Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("beamlink-bench-");
            cleanup.add(() -> deleteTree(dir));
            return dir;
        } catch (IOException e) {
            throw new BenchmarkException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
