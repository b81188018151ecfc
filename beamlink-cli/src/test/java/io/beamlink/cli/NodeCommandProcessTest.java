package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.NameEntry;
import io.beamlink.process.ProcessScheduler;
import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpEpmd;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpRelease;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beamlink node} as its own process, as an operator runs it, with a real erl node and OTP's
 * epmd: erl pings it and rpcs {@code erlang:node/0} on it, {@code beamlink ping} gets pong from it
 * and pang from a node that is not there, and SIGTERM unregisters it and closes its connections.
 */
class NodeCommandProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String COOKIE = "beamlink-cli-test";

    @TempDir
    Path directory;

    @Test
    void erlReachesTheNodeAPingGetsPongOrPangAndSigtermStopsItCleanly() throws Exception {
        int epmdPort = FreePort.find();
        String alive = "javacli" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path stdout = directory.resolve("node.out");
        try (OtpEpmd epmd = OtpEpmd.start(OtpRelease.host(), epmdPort);
                OtpPeer erl = OtpPeer.builder().epmdPort(epmdPort).cookie(COOKIE).start()) {
            Process node = beamlink(stdout, "node", "--sname", alive, "--cookie", COOKIE,
                    "--epmd-port", String.valueOf(epmdPort));
            try {
                await().atMost(PATIENCE).until(() -> text(stdout).contains(" running: "));
                String javaNode = alive + "@" + erl.nodeName().substring(erl.nodeName().indexOf('@') + 1);
                assertThat(text(stdout)).startsWith("node " + javaNode + " running: ");

                assertThat(erl.eval("net_adm:ping('" + javaNode + "')")).isEqualTo("pong");
                assertThat(erl.eval("rpc:call('" + javaNode + "', erlang, node, [])")).isEqualTo(javaNode);

                CommandRun pong = CommandRun.of("", "ping", javaNode, "--cookie", COOKIE,
                        "--epmd-port", String.valueOf(epmdPort));
                assertThat(pong.stdoutText()).isEqualTo("pong\n");
                assertThat(pong.exitCode()).isZero();
                String absent = "absent" + alive.substring("javacli".length()) + javaNode.substring(alive.length());
                CommandRun pang = CommandRun.of("", "ping", absent, "--cookie", COOKIE,
                        "--epmd-port", String.valueOf(epmdPort));
                assertThat(pang.stdoutText()).isEqualTo("pang\n");
                assertThat(pang.exitCode()).isEqualTo(1);

                assertThat(registeredNames(epmdPort)).contains(alive);
                node.toHandle().destroy(); // SIGTERM
                assertThat(node.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                // The shutdown hook closed the node (the socket would close with the process anyway).
                assertThat(text(directory.resolve("node.err"))).contains("distribution stopped for " + javaNode);
                assertThat(registeredNames(epmdPort)).doesNotContain(alive);
                await().atMost(PATIENCE).until(() -> erl.eval("lists:member('" + javaNode + "', nodes())")
                        .equals("false"));
            } finally {
                node.destroyForcibly();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code beamlink <args>} in a new JVM, standard output going to a file. */
    private Process beamlink(Path stdout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                ProcessScheduler.JVM_OPTION, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(directory.resolve("node.err").toFile()).redirectInput(new File("/dev/null"));
        builder.environment().remove("ERL_EPMD_PORT");
        return builder.start();
    }

    private static List<String> registeredNames(int epmdPort) throws IOException {
        return EpmdClient.of(InetAddress.getLoopbackAddress().getHostAddress(), epmdPort).names().stream()
                .map(NameEntry::name).toList();
    }

    private static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
