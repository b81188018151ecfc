package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.epmd.NameEntry;
import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpRelease;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beamlink epmd} as its own process, as an operator runs it. */
class EpmdDaemonProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code beamlink epmd <args>} in a new JVM, standard error going to a file. */
    private Process beamlinkEpmd(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "epmd"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null"));
        builder.environment().remove("ERL_EPMD_PORT");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this JVM (and so every process it starts) ignores SIGINT, from the kernel's mask. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << (2 - 1))) != 0; // SIGINT is signal 2
            }
        }
        return false;
    }

    private static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    @Test
    void sigtermStopsTheDaemonCleanly() throws Exception {
        int port = FreePort.find();
        Path stderr = directory.resolve("stderr");
        Process daemon = beamlinkEpmd(stderr, "-port", Integer.toString(port), "-address", "127.0.0.1", "-d", "-d");
        EpmdWaiting.until("the daemon listens", () -> listening(port));
        EpmdRegistration node = EpmdClient.of("127.0.0.1", port).register("app", 5000);
        assertThat(EpmdClient.of("127.0.0.1", port).names()).containsExactly(new NameEntry("app", 5000));
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isEqualTo(143);
        assertThat(listening(port)).isFalse();
        EpmdWaiting.until("the registration closes", () -> !node.isOpen());
        assertThat(text(stderr)).contains("epmd running - daemon = 0\r\n", "try to initiate listening port " + port + "\r\n",
                "registering 'app:", "closing connection on file descriptor 5\r\n");
    }

    @Test
    void sigintStopsTheDaemonToo() throws Exception {
        // A process started in the background by a shell without job control ignores SIGINT, and
        // so does everything it starts, this test's daemon included: say so rather than time out.
        assertThat(sigintIgnored())
                .as("SIGINT is ignored where these tests run (started in the background?); run them in the foreground")
                .isFalse();
        int port = FreePort.find();
        Process daemon = beamlinkEpmd(directory.resolve("stderr"), "-port", Integer.toString(port), "-address", "127.0.0.1");
        EpmdWaiting.until("the daemon listens", () -> listening(port));
        Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(daemon.pid())).start();
        assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isEqualTo(130);
        assertThat(listening(port)).isFalse();
    }

    @Test
    void killRequestEndsTheProcessWithStatusZero() throws Exception {
        int port = FreePort.find();
        Process daemon = beamlinkEpmd(directory.resolve("stderr"), "-port", Integer.toString(port), "-address", "127.0.0.1");
        EpmdWaiting.until("the daemon listens", () -> listening(port));
        assertThat(EpmdCommandTest.Output.otp(OtpRelease.host(), "-port", Integer.toString(port), "-kill").stdout())
                .isEqualTo("Killed\n");
        assertThat(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isZero();
    }

    @Test
    void aSecondDaemonOnATakenPortLeavesWithStatusZeroAsOtps() throws Exception {
        int port = FreePort.find();
        beamlinkEpmd(directory.resolve("first"), "-port", Integer.toString(port), "-address", "127.0.0.1");
        EpmdWaiting.until("the daemon listens", () -> listening(port));
        Path stderr = directory.resolve("second");
        Process second = beamlinkEpmd(stderr, "-port", Integer.toString(port), "-address", "127.0.0.1", "-d");
        assertThat(second.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        assertThat(text(stderr)).contains("there is already a epmd running at port " + port + " on ipaddr 127.0.0.1\r\n");
    }

    @Test
    void daemonOptionDetachesAndErlangNodesUseIt() throws Exception {
        int port = FreePort.find();
        Process launcher = beamlinkEpmd(directory.resolve("stderr"), "-daemon", "-port", Integer.toString(port),
                "-address", "127.0.0.1");
        assertThat(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
        try {
            EpmdWaiting.until("the daemon listens", () -> listening(port));
            try (OtpPeer node = OtpPeer.builder().sname("detached").epmdPort(port).start()) {
                assertThat(EpmdClient.of("127.0.0.1", port).lookup("detached")).isPresent();
            }
        } finally {
            // the detached daemon is no child of the launcher any more once the launcher exits: stop it by request
            EpmdWaiting.until("the detached daemon accepts KILL_REQ", () -> !listening(port) || EpmdClient.of("127.0.0.1", port).kill());
        }
        EpmdWaiting.until("the daemon stops listening", () -> !listening(port));
    }
}
