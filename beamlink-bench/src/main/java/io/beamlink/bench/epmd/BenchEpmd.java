package io.beamlink.bench.epmd;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdDaemon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The epmd under test, OTP's or Beamlink's, each in its own process on a free loopback port so a
 * run never touches port 4369 and both compete for the CPU the same way. Closing it stops the
 * process.
 */
final class BenchEpmd implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final long PROBE_MILLIS = 20;

    private final String kind;
    private final Process process;
    private final int port;
    private final BufferedReader output;

    private BenchEpmd(String kind, Process process, int port, BufferedReader output) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts {@code "otp"} ({@code epmd} on the PATH) or {@code "beamlink"} ({@link EpmdDaemonProcess}). */
    static BenchEpmd start(String kind) throws IOException, InterruptedException {
        return switch (kind) {
            case "otp" -> startOtp();
            case "beamlink" -> startBeamlink();
            default -> throw new IllegalArgumentException("unknown epmd \"" + kind + "\"; use otp or beamlink");
        };
    }

    private static BenchEpmd startOtp() throws IOException, InterruptedException {
        int port = freePort();
        Process process = new ProcessBuilder("epmd", "-port", Integer.toString(port), "-address", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BenchEpmd epmd = new BenchEpmd("otp", process, port, null);
        try {
            epmd.awaitAnswering();
        } catch (IOException | RuntimeException | InterruptedException e) {
            epmd.close();
            throw e;
        }
        return epmd;
    }

    private static BenchEpmd startBeamlink() throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(() ->
                new IOException("cannot find the java executable of this process"));
        // with the JVM options `beamlink epmd` runs the daemon with
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(EpmdDaemon.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EpmdDaemonProcess.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (line == null || !line.startsWith(EpmdDaemonProcess.LISTENING)) {
            process.destroyForcibly();
            throw new IOException("Beamlink's epmd process did not start: it printed " + line);
        }
        return new BenchEpmd("beamlink", process, Integer.parseInt(line.substring(EpmdDaemonProcess.LISTENING.length())),
                output);
    }

    String kind() {
        return kind;
    }

    int port() {
        return port;
    }

    EpmdClient client() {
        return EpmdClient.of("127.0.0.1", port);
    }

    /** The process's resident memory ({@code VmRSS} in /proc), in bytes. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /** CPU time the process has used (user and system, from /proc), in nanoseconds; 10 ms resolution. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** Beamlink's heap in use after a full GC; empty for OTP's epmd. */
    OptionalLong heapAfterGc() throws IOException {
        if (output == null) {
            return OptionalLong.empty();
        }
        OutputStream in = process.getOutputStream();
        in.write((EpmdDaemonProcess.HEAP + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = output.readLine();
        if (line == null || !line.startsWith(EpmdDaemonProcess.HEAP + " ")) {
            throw new IOException("Beamlink's epmd process answered \"" + line + "\" to heap");
        }
        return OptionalLong.of(Long.parseLong(line.substring(EpmdDaemonProcess.HEAP.length() + 1)));
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // Beamlink's process ends with its input
        } catch (IOException e) {
            // it is going anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Polls NAMES until epmd answers; bounded by {@link #START_LIMIT}. */
    private void awaitAnswering() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        EpmdClient client = client().withTimeout(Duration.ofSeconds(1));
        while (true) {
            try {
                client.names();
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(kind + " epmd does not answer on 127.0.0.1:" + port + " within "
                            + START_LIMIT.toSeconds() + " s (is OTP's epmd on the PATH?)", e);
                }
                Thread.sleep(PROBE_MILLIS);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    static List<String> kinds() {
        return List.of("otp", "beamlink");
    }
}
