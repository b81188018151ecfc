package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpEpmd;
import io.beamlink.testkit.OtpRelease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Beamlink's daemon and client side by side with OTP's epmd: the same requests must get the same
 * replies and the same debug lines, and OTP's epmd client commands must print the same for both.
 */
class OtpEpmdInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TIMED_OUT = "closing because timed out on receive";

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    private static EpmdDaemon beamlink(DebugCapture debug, int level, String... extra) throws IOException {
        EpmdConfig.Builder config = EpmdConfig.builder().port(FreePort.find())
                .addresses(List.of(InetAddress.getByName("127.0.0.1"))).debugLevel(level).debugOutput(debug.stream());
        for (String option : extra) {
            if (option.equals("-relaxed_command_check")) {
                config.relaxedCommandCheck(true);
            }
        }
        return EpmdDaemon.start(config.build());
    }

    private static String[] debugFlags(int level) {
        return java.util.Collections.nCopies(level, "-d").toArray(String[]::new);
    }

    /**
     * Releases whose epmd prints the debug texts Beamlink prints (checked: OTP 25 and 27). Later
     * releases renamed some, for example {@code ** got EPMD_NAMES_REQ}; their replies still
     * match, which {@link #theSameRequestsGetTheSameReplies} checks for every release.
     */
    static List<OtpRelease> releasesWithBeamlinksDebugTexts() {
        return OtpRelease.available().stream().filter(release -> release.major() <= 27).toList();
    }

    @ParameterizedTest
    @MethodSource("releases")
    void theSameRequestsGetTheSameReplies(OtpRelease release) throws Exception {
        Scenario otp = runOnOtp(release, 0);
        Scenario beamlink = runOnBeamlink(0);
        assertThat(beamlink.replies()).containsExactlyEntriesOf(otp.replies());
    }

    @ParameterizedTest
    @MethodSource("releasesWithBeamlinksDebugTexts")
    void theSameRequestsLogTheSameDebugLinesAtLevelOne(OtpRelease release) throws Exception {
        Scenario otp = runOnOtp(release, 1);
        Scenario beamlink = runOnBeamlink(1);
        assertThat(beamlink.replies()).containsExactlyEntriesOf(otp.replies());
        assertThat(beamlink.debugLines()).containsExactlyElementsOf(otp.debugLines());
    }

    @ParameterizedTest
    @MethodSource("releasesWithBeamlinksDebugTexts")
    void theSameRequestsLogTheSameDebugLinesAndByteDumpsAtLevelTwo(OtpRelease release) throws Exception {
        Scenario otp = runOnOtp(release, 2);
        Scenario beamlink = runOnBeamlink(2);
        assertThat(beamlink.replies()).containsExactlyEntriesOf(otp.replies());
        assertThat(beamlink.debugLines()).containsExactlyElementsOf(otp.debugLines());
    }

    /** The masked replies and normalized debug lines of one {@link EpmdScenario} run. */
    private record Scenario(Map<String, String> replies, List<String> debugLines) {
    }

    private static Scenario runOnOtp(OtpRelease release, int level) throws Exception {
        try (OtpEpmd otp = OtpEpmd.start(release, FreePort.find(), debugFlags(level))) {
            Map<String, String> replies = EpmdScenario.run(otp.port());
            if (level > 0) {
                // the scenario ends with KILL_REQ; the test kit reads epmd's output on its own thread
                await().atMost(PATIENCE).until(() -> otp.outputLines().stream().anyMatch(l -> l.endsWith("terminates normal")));
            }
            return new Scenario(replies, EpmdScenario.normalize(otp.outputLines(), otp.port()));
        }
    }

    private static Scenario runOnBeamlink(int level) throws Exception {
        DebugCapture debug = new DebugCapture();
        try (EpmdDaemon daemon = beamlink(debug, level)) {
            Map<String, String> replies = EpmdScenario.run(daemon.port());
            assertThat(daemon.awaitTermination(PATIENCE)).as("the scenario's KILL_REQ stops the daemon").isTrue();
            return new Scenario(replies, EpmdScenario.normalize(debug.lines(), daemon.port()));
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void idleConnectionsTimeOutWithTheSameLogLine(OtpRelease release) throws Exception {
        List<String> otpLines;
        try (OtpEpmd otp = OtpEpmd.start(release, FreePort.find(), "-d", "-packet_timeout", "1")) {
            assertThat(openIdleAndAwaitClose(otp.port(), 20)).isTrue();
            // the test kit reads epmd's output on its own thread
            await().atMost(PATIENCE).until(() -> otp.outputLines().stream().filter(line -> line.endsWith(TIMED_OUT)).count() == 20);
            otpLines = otp.outputLines();
        }
        DebugCapture debug = new DebugCapture();
        try (EpmdDaemon daemon = EpmdDaemon.start(EpmdConfig.builder().port(FreePort.find())
                .addresses(List.of(InetAddress.getByName("127.0.0.1"))).debugLevel(1)
                .packetTimeout(Duration.ofSeconds(1)).debugOutput(debug.stream()).build())) {
            assertThat(openIdleAndAwaitClose(daemon.port(), 20)).isTrue();
        }
        assertThat(EpmdScenario.normalize(debug.lines(), 0)).containsExactlyElementsOf(EpmdScenario.normalize(otpLines, 0));
    }

    private static boolean openIdleAndAwaitClose(int port, int count) throws IOException {
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                idle.add(RawClient.local(port));
            }
            for (RawClient client : idle) {
                if (!client.closedByPeer()) {
                    return false;
                }
            }
            return true;
        } finally {
            for (RawClient client : idle) {
                client.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void otpsClientCommandsPrintTheSameForBothDaemons(OtpRelease release) throws Exception {
        DebugCapture debug = new DebugCapture();
        try (OtpEpmd otp = OtpEpmd.start(release, FreePort.find()); EpmdDaemon daemon = beamlink(debug, 0)) {
            for (String command : List.of("-names", "-dump", "-started")) {
                Run fromOtp = Run.of(release, otp.port(), command);
                Run fromBeamlink = Run.of(release, daemon.port(), command);
                assertThat(fromBeamlink.normalized(daemon.port())).as(command).isEqualTo(fromOtp.normalized(otp.port()));
            }
            List<EpmdRegistration> otpNodes = registerSame(EpmdClient.of("127.0.0.1", otp.port()));
            List<EpmdRegistration> beamlinkNodes = registerSame(EpmdClient.of("127.0.0.1", daemon.port()));
            for (String command : List.of("-names", "-dump", "-kill", "-started")) {
                Run fromOtp = Run.of(release, otp.port(), command);
                Run fromBeamlink = Run.of(release, daemon.port(), command);
                assertThat(fromBeamlink.normalized(daemon.port())).as(command).isEqualTo(fromOtp.normalized(otp.port()));
            }
            Run names = Run.of(release, daemon.port(), "-names");
            assertThat(names.stdout()).isEqualTo("epmd: up and running on port " + daemon.port()
                    + " with data:\nname second at port 5002\nname first at port 5001\n");
            otpNodes.forEach(EpmdRegistration::close);
            beamlinkNodes.forEach(EpmdRegistration::close);
            await().atMost(PATIENCE).until(() -> EpmdClient.of("127.0.0.1", otp.port()).names().isEmpty()
                    && daemon.registeredNames().isEmpty());
            Run otpKill = Run.of(release, otp.port(), "-kill");
            Run beamlinkKill = Run.of(release, daemon.port(), "-kill");
            assertThat(beamlinkKill.normalized(daemon.port())).isEqualTo(otpKill.normalized(otp.port()));
            assertThat(beamlinkKill.stdout()).isEqualTo("Killed\n");
            assertThat(daemon.awaitTermination(PATIENCE)).isTrue();
        }
    }

    private static List<EpmdRegistration> registerSame(EpmdClient client) throws IOException {
        List<EpmdRegistration> nodes = new ArrayList<>();
        nodes.add(client.register("first", 5001));
        nodes.add(client.register("second", 5002));
        EpmdRegistration gone = client.register("gone", 5003);
        gone.close();
        await().atMost(PATIENCE).until(() -> client.lookup("gone").isEmpty());
        return nodes;
    }

    @ParameterizedTest
    @MethodSource("releases")
    void beamlinksClientRegistersWithOtpsEpmd(OtpRelease release) throws Exception {
        try (OtpEpmd otp = OtpEpmd.start(release, FreePort.find())) {
            EpmdClient client = EpmdClient.of("127.0.0.1", otp.port());
            EpmdRegistration registration = client.register("javanode", 43210);
            try {
                assertThat(Integer.toUnsignedLong(registration.creation())).isGreaterThan(3);
                assertThat(Run.of(release, otp.port(), "-names").stdout()).contains("name javanode at port 43210\n");
                assertThat(client.lookup("javanode")).contains(new NodeAddress(43210, 77, 0, 6, 6, new byte[0]));
                assertThat(client.names()).containsExactly(new NameEntry("javanode", 43210));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.register("javanode", 43211))
                        .isInstanceOf(EpmdRegistrationRefusedException.class);
            } finally {
                registration.close();
            }
            await().atMost(PATIENCE).until(() -> !Run.of(release, otp.port(), "-names").stdout().contains("javanode"));
        }
    }

    /** One run of OTP's epmd as a client ({@code epmd -port N -names}...). */
    record Run(int status, String stdout, String stderr) {
        static Run of(OtpRelease release, int port, String... command) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port)));
            args.addAll(List.of(command));
            ProcessBuilder builder = release.command("epmd", args.toArray(String[]::new));
            builder.environment().remove("ERL_EPMD_PORT");
            Process process = builder.start();
            try {
                process.getOutputStream().close();
                byte[] out = readAll(process.getInputStream());
                byte[] err = readAll(process.getErrorStream());
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("epmd " + args + " did not finish within 30 s");
                }
                return new Run(process.exitValue(), new String(out, StandardCharsets.ISO_8859_1),
                        new String(err, StandardCharsets.ISO_8859_1));
            } finally {
                process.destroyForcibly();
            }
        }

        /** Output with the epmd port replaced, so runs against different ports compare. */
        Run normalized(int port) {
            return new Run(status, stdout.replace("port " + port + " ", "port <epmd> "), stderr);
        }

        private static byte[] readAll(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        }
    }
}
