package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpEpmd;
import io.beamlink.testkit.OtpRelease;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code beamlink epmd}'s client commands print what OTP's {@code epmd} prints, with the same
 * exit status, against OTP's daemon.
 */
class EpmdCommandTest {
    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    /** One in-process run of {@code beamlink epmd ...} with ERL_EPMD_PORT unset. */
    record Output(int status, String stdout, String stderr) {
        static Output beamlink(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ProcessStreams streams = new ProcessStreams(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine commandLine = new CommandLine(new EpmdCommand(streams, Map.of()));
            int status = commandLine.execute(args);
            return new Output(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
        }

        static Output otp(OtpRelease release, String... args) throws IOException, InterruptedException {
            ProcessBuilder builder = release.command("epmd", args);
            builder.environment().remove("ERL_EPMD_PORT");
            Process process = builder.start();
            try {
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                byte[] err = process.getErrorStream().readAllBytes();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("epmd " + List.of(args) + " did not finish within 30 s");
                }
                return new Output(process.exitValue(), new String(out, StandardCharsets.ISO_8859_1),
                        new String(err, StandardCharsets.ISO_8859_1));
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static void assertSameAsOtp(OtpRelease release, String... args) throws Exception {
        Output otp = Output.otp(release, args);
        Output beamlink = Output.beamlink(args);
        assertThat(beamlink).as("beamlink epmd %s", String.join(" ", args)).isEqualTo(otp);
    }

    @ParameterizedTest
    @MethodSource("releases")
    void clientCommandsAgainstOtpsDaemonPrintWhatOtpsClientPrints(OtpRelease release) throws Exception {
        try (OtpEpmd epmd = OtpEpmd.start(release, FreePort.find(), "-relaxed_command_check")) {
            String port = Integer.toString(epmd.port());
            assertSameAsOtp(release, "-port", port, "-names");
            List<EpmdRegistration> nodes = new ArrayList<>();
            try {
                EpmdClient client = EpmdClient.of("127.0.0.1", epmd.port());
                nodes.add(client.register("first", 5001));
                nodes.add(client.register("nödé", 5002));
                assertSameAsOtp(release, "-port", port, "-names");
                assertSameAsOtp(release, "-port", port, "-started");
                assertSameAsOtp(release, "-port", port, "-dump");
                assertSameAsOtp(release, "-port", port, "-stop", "nobody");
                assertThat(Output.beamlink("-port", port, "-names").stdout())
                        .isEqualTo("epmd: up and running on port " + port + " with data:\nname n\u00c3\u00b6d\u00c3\u00a9 at port 5002\n"
                                + "name first at port 5001\n");
                assertThat(Output.beamlink("-port", port, "-stop", "first")).isEqualTo(new Output(0, "STOPPED\n", ""));
                EpmdWaiting.until("the stopped registration closes", () -> !nodes.get(0).isOpen());
            } finally {
                nodes.forEach(EpmdRegistration::close);
            }
            Output killed = Output.beamlink("-port", port, "-kill");
            assertThat(killed).isEqualTo(new Output(0, "Killed\n", ""));
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void killIsRefusedWhileNodesLiveAsOtpSays(OtpRelease release) throws Exception {
        try (OtpEpmd epmd = OtpEpmd.start(release, FreePort.find());
             EpmdRegistration node = EpmdClient.of("127.0.0.1", epmd.port()).register("alive", 5000)) {
            String port = Integer.toString(epmd.port());
            assertSameAsOtp(release, "-port", port, "-kill");
            assertThat(Output.beamlink("-port", port, "-kill"))
                    .isEqualTo(new Output(1, "Killing not allowed - living nodes in database.\n", ""));
            assertSameAsOtp(release, "-port", port, "-stop", "alive");
            assertThat(node.isOpen()).isTrue();
        }
    }

    @Test
    void withNoEpmdRunningTheMessagesAndStatusAreOtps() throws Exception {
        String port = Integer.toString(FreePort.find());
        for (String command : List.of("-names", "-started", "-dump", "-kill")) {
            assertSameAsOtp(OtpRelease.host(), "-port", port, command);
        }
        assertSameAsOtp(OtpRelease.host(), "-port", port, "-stop", "app");
        assertThat(Output.beamlink("-port", port, "-names")).isEqualTo(new Output(1, "", "epmd: Cannot connect to local epmd\n"));
    }

    @Test
    void helpListsOtpsOptions() {
        Output help = Output.beamlink("--help");
        assertThat(help.status()).isZero();
        assertThat(help.stdout()).contains("-port No", "-address List", "-d, -debug", "-relaxed_command_check",
                "-packet_timeout Seconds", "-names", "-started", "-dump", "-kill", "-stop Name", "ERL_EPMD_PORT");
    }

    @Test
    void anUnknownOptionPrintsTheUsageAndFails() {
        Output wrong = Output.beamlink("-bogus");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.stderr()).startsWith("beamlink epmd: unknown option -bogus\n").contains("Usage:");
        assertThat(wrong.stdout()).isEmpty();
    }

    @Test
    void anUnparsableAddressIsLoggedAsOtpDoes() {
        Output wrong = Output.beamlink("-port", Integer.toString(FreePort.find()), "-address", "nowhere");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.stderr()).matches("epmd: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}: "
                + "cannot parse IP address \"nowhere\"\r\n");
    }
}
