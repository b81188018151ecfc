package io.beamlink.bench.process;

import io.beamlink.Node;
import io.beamlink.bench.dist.BenchmarkException;
import io.beamlink.bench.dist.Cleanup;
import io.beamlink.bench.dist.Epmd;
import io.beamlink.bench.dist.Machine;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.otp.CallException;
import io.beamlink.otp.GenServer;
import io.beamlink.term.Atom;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code beamlink bench processes}: spawn, idle process memory, send and receive, selective
 * receive and GenServer calls, Beamlink and OTP side by side in one run. Rounds alternate the
 * runtimes so that load from elsewhere on the machine falls on both. Everything it starts (an
 * epmd on a free port, erl nodes, two Beamlink nodes) is on loopback and stopped at the end,
 * also on failure or Ctrl-C.
 */
public final class ProcessBenchmark {
    private static final String HOST = "@127.0.0.1";
    /** Whole Beamlink rounds run before the measured ones, for the JIT (see {@link #run}). */
    private static final int WARM_UP_ROUNDS = 2;

    private ProcessBenchmark() {
    }

    public static ProcessReport run(ProcessOptions options, PrintWriter progress) throws InterruptedException {
        try (Cleanup cleanup = new Cleanup()) {
            String cookie = "bench-" + UUID.randomUUID();
            Epmd epmd = cleanup.add(Epmd.start());
            Path workDir = cleanup.add(new WorkDir()).path();
            OtpProcesses otpSide = new OtpProcesses(cleanup, cookie, epmd.port(), workDir);
            String otpServer = "bench_otp_server" + HOST;
            String otpRelease = otpSide.startServer(otpServer);
            Machine machine = Machine.describe(otpRelease);
            progress.println("started " + epmd + " and " + otpServer + " (" + otpRelease + ")");

            Node server = cleanup.add(startNode("bench_java_server", cookie, epmd.port()));
            startEchoServer(server);
            Node client = cleanup.add(startNode("bench_java_client", cookie, epmd.port()));
            BeamlinkProcesses beamlinkSide = new BeamlinkProcesses(client, server.name());
            Atom otpServerNode = Atom.of(otpServer);

            // Whole rounds, so that the JIT has compiled the measured paths before the first
            // measured round; their figures are shown, as the cold ones, but not in the medians.
            // Two: code the JIT compiles during the first one, with a profile of one kind of
            // call, traps at the next round's first call of another kind, and runs in slower
            // code until it is compiled again, which can take longer than that measurement.
            progress.println("warming up Beamlink: " + WARM_UP_ROUNDS + " rounds, not in the medians");
            for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
                RoundFigures cold = beamlinkSide.round(options.withRounds(1));
                double coldCallToOtp = beamlinkSide.remoteCallNanos(otpServerNode, options.calls());
                progress.println(describe("warm-up " + round + " Beamlink", cold)
                        + String.format(Locale.ROOT, ", call to OTP %.0f ns", coldCallToOtp));
            }

            List<RoundFigures> beamlink = new ArrayList<>();
            List<OtpRound> otp = new ArrayList<>();
            List<Double> beamlinkToOtp = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                beamlink.add(beamlinkSide.round(options));
                beamlinkToOtp.add(beamlinkSide.remoteCallNanos(otpServerNode, options.calls()));
                progress.println(describe("round " + round + " Beamlink", beamlink.getLast())
                        + String.format(Locale.ROOT, ", call to OTP %.0f ns", beamlinkToOtp.getLast()));
                otp.add(otpSide.round("bench_otp_round" + round + HOST, otpServer, server.name().name(), options));
                progress.println(describe("round " + round + " OTP     ", otp.getLast().figures())
                        + String.format(Locale.ROOT, ", erpc to OTP %.0f ns, erpc to Beamlink %.0f ns",
                                otp.getLast().erpcToOtpNanos(), otp.getLast().erpcToBeamlinkNanos()));
            }
            return new ProcessReport(machine, options, beamlink, otp, beamlinkToOtp);
        }
    }

    private static Node startNode(String name, String cookie, int epmdPort) {
        try {
            return Node.start(NodeConfig.builder().name(NodeName.longName(name + HOST)).cookie(cookie)
                    .epmdPort(epmdPort).embeddedEpmd(false).listenAddress(InetAddress.getLoopbackAddress()).build());
        } catch (IOException e) {
            throw new BenchmarkException("cannot start Beamlink node " + name + HOST + ": " + e.getMessage(), e);
        }
    }

    private static void startEchoServer(Node node) {
        try {
            GenServer.start(node, new EchoServer(), Atom.NIL, EchoServer.NAME.name());
        } catch (CallException e) {
            throw new BenchmarkException("cannot start the echo server on " + node.name() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(String label, RoundFigures f) {
        return String.format(Locale.ROOT, "%s: spawn %,.0f/s, idle %.0f B, send %,.0f msg/s, selective %,.0f ns,"
                        + " local call %,.0f ns, remote call %,.0f ns", label, f.spawnsPerSecond(),
                f.bytesPerIdleProcess(), f.messagesPerSecond(), f.selectiveReceiveNanos(), f.localCallNanos(),
                f.remoteCallNanos());
    }

    /** A temporary directory for the Erlang program, deleted with the run. */
    private record WorkDir(Path path) implements AutoCloseable {
        WorkDir() {
            this(create());
        }

        private static Path create() {
            try {
                return Files.createTempDirectory("beamlink-bench-processes");
            } catch (IOException e) {
                throw new BenchmarkException("cannot create a temporary directory: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(path);
        }
    }
}
