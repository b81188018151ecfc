package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client against fake epmds that answer wrongly, and against nothing at all. */
class EpmdClientTest {

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void connectionRefusedIsUnreachableAndSaysWhereAndWhatToDo() throws Exception {
        int port = portNobodyListensOn();
        assertThatThrownBy(() -> EpmdClient.of("127.0.0.1", port).register("app", 5000))
                .isInstanceOf(EpmdUnreachableException.class)
                .hasMessageContaining("no epmd answers on 127.0.0.1:" + port)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("beamlink epmd -port " + port);
    }

    @Test
    void anOldEpmdsAlive2RespIsAccepted() throws Exception {
        try (ScriptedEpmd epmd = ScriptedEpmd.answering((byte) 121, (byte) 0, (byte) 0, (byte) 2)) {
            try (EpmdRegistration registration = epmd.client().register("app", 5000)) {
                assertThat(registration.creation()).isEqualTo(2);
            }
        }
    }

    @Test
    void aThirtyTwoBitCreationIsReadUnsigned() throws Exception {
        try (ScriptedEpmd epmd = ScriptedEpmd.answering((byte) 118, (byte) 0, (byte) 0xfe, (byte) 0, (byte) 0, (byte) 5)) {
            try (EpmdRegistration registration = epmd.client().register("app", 5000)) {
                assertThat(Integer.toUnsignedLong(registration.creation())).isEqualTo(0xfe000005L);
            }
        }
    }

    @Test
    void anUnknownReplyCodeIsAProtocolErrorAtOffsetZero() throws Exception {
        try (ScriptedEpmd epmd = ScriptedEpmd.answering((byte) 'X')) {
            assertThatThrownBy(() -> epmd.client().register("app", 5000))
                    .isInstanceOf(EpmdReplyException.class)
                    .hasMessageContaining("sent 88 where ALIVE2_X_RESP (118) or ALIVE2_RESP (121) belongs")
                    .hasMessageContaining("at offset 0");
        }
    }

    @Test
    void aTruncatedPort2RespSaysWhichFieldAndWhere() throws Exception {
        byte[] truncated = {119, 0, 0x13, (byte) 0x88, 77, 0, 0, 6, 0, 6, 0, 10, 'a', 'b'};
        try (ScriptedEpmd epmd = ScriptedEpmd.answering(truncated)) {
            assertThatThrownBy(() -> epmd.client().lookup("ab"))
                    .isInstanceOfSatisfying(EpmdReplyException.class, e -> assertThat(e.reply()).containsExactly(truncated))
                    .hasMessageContaining("2 bytes into the PORT2_RESP name, which needs 10")
                    .hasMessageContaining("at offset 14");
        }
    }

    @Test
    void anEpmdThatNeverAnswersTimesOut() throws Exception {
        try (ScriptedEpmd epmd = ScriptedEpmd.silent()) {
            assertThatThrownBy(() -> epmd.client().withTimeout(Duration.ofMillis(300)).names())
                    .isInstanceOf(EpmdException.class)
                    .hasMessageContaining("did not complete its reply to NAMES_REQ within 300 ms");
        }
    }

    @Test
    void killAndStopReportUnexpectedAnswersWithTheirBytes() throws Exception {
        try (ScriptedEpmd epmd = ScriptedEpmd.answering((byte) 'N')) {
            assertThatThrownBy(() -> epmd.client().kill())
                    .isInstanceOfSatisfying(EpmdReplyException.class, e -> assertThat(e.reply()).containsExactly('N'));
        }
        try (ScriptedEpmd epmd = ScriptedEpmd.answering("STOPPEX".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> epmd.client().stop("app")).isInstanceOf(EpmdReplyException.class)
                    .hasMessageContaining("\"STOPPEX\"");
        }
    }

    @Test
    void aLongNamesListingArrivesWhole() throws Exception {
        // Far longer than the reply reader's read-ahead, so most of it is read past that buffer.
        int names = 5_000;
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        listing.write(new byte[] {0, 0, 0x11, 0x11});
        for (int i = 0; i < names; i++) {
            listing.write(("name node" + i + " at port " + (10_000 + i) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (ScriptedEpmd epmd = ScriptedEpmd.answering(listing.toByteArray())) {
            List<NameEntry> entries = epmd.client().names();
            assertThat(entries).hasSize(names);
            assertThat(entries.get(0)).isEqualTo(new NameEntry("node0", 10_000));
            assertThat(entries.get(names - 1)).isEqualTo(new NameEntry("node" + (names - 1), 10_000 + names - 1));
        }
    }

    @Test
    void namesParsesOtpsLinesAndSkipsOthers() {
        assertThat(EpmdClient.parseNameLine("name app at port 50785")).isEqualTo(new NameEntry("app", 50785));
        assertThat(EpmdClient.parseNameLine("name a b at port 1")).isEqualTo(new NameEntry("a b", 1));
        assertThat(EpmdClient.parseNameLine("active name     <app> at port 5, fd = 5")).isNull();
        assertThat(EpmdClient.parseNameLine("name app at port x")).isNull();
    }

    @Test
    void invalidRegistrationsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> NodeRegistrationRequest.of("", 5000)).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> NodeRegistrationRequest.of("a".repeat(256), 5000)).hasMessageContaining("256 characters");
        assertThatThrownBy(() -> NodeRegistrationRequest.of("a\0b", 5000)).hasMessageContaining("NUL");
        assertThatThrownBy(() -> NodeRegistrationRequest.of("bad\uD800", 5000)).hasMessageContaining("not valid Unicode");
        assertThatThrownBy(() -> NodeRegistrationRequest.of("app", 70000)).hasMessageContaining("port 70000");
    }

    @Test
    void theDefaultPortComesFromErlEpmdPortElse4369() {
        assertThat(EpmdClient.portFromVariable(null)).isEqualTo(4369);
        assertThat(EpmdClient.portFromVariable("4370")).isEqualTo(4370);
        assertThatThrownBy(() -> EpmdClient.portFromVariable("epmd")).hasMessageContaining("ERL_EPMD_PORT=epmd");
        assertThatThrownBy(() -> EpmdClient.portFromVariable("0")).hasMessageContaining("1..65535");
    }
}
