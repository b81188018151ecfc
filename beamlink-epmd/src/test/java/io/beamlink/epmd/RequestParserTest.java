package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    @Test
    void parsesEveryAlive2Field() throws Exception {
        byte[] body = RequestBytes.alive2("app".getBytes(StandardCharsets.UTF_8), 50785, 6, 5, new byte[] {1, 2});
        Alive2Request request = RequestParser.alive2(body);
        assertThat(request.name().text()).isEqualTo("app");
        assertThat(request.port()).isEqualTo(50785);
        assertThat(request.nodeType()).isEqualTo(77);
        assertThat(request.protocol()).isZero();
        assertThat(request.highestVersion()).isEqualTo(6);
        assertThat(request.lowestVersion()).isEqualTo(5);
        assertThat(request.extra()).containsExactly(1, 2);
        assertThat(request.wants32BitCreation()).isTrue();
    }

    @Test
    void alive2AcceptsAnEmptyNameAsOtpDoes() throws Exception {
        byte[] body = RequestBytes.alive2(new byte[0], 5000, 6, 6, new byte[] {'e'});
        assertThat(RequestParser.alive2(body).name().length()).isZero();
    }

    @Test
    void alive2OfThirteenBytesOrLessIsTooSmall() {
        byte[] body = Arrays.copyOf(RequestBytes.alive2(new byte[0], 5000, 6, 6, new byte[0]), 13);
        assertMalformed(() -> RequestParser.alive2(body), "packet to small for request ALIVE2_REQ (13)");
    }

    @Test
    void alive2NameLengthBeyondTheRequestIsRefused() {
        byte[] body = RequestBytes.alive2("abc".getBytes(StandardCharsets.UTF_8), 5000, 6, 6, new byte[0]);
        body[10] = 50;
        assertMalformed(() -> RequestParser.alive2(body), "Node name size error in ALIVE2_REQ");
    }

    @Test
    void alive2ExtraLengthBeyondTheRequestIsRefused() {
        byte[] body = RequestBytes.alive2("abc".getBytes(StandardCharsets.UTF_8), 5000, 6, 6, new byte[] {'x'});
        body[15] = 9;
        assertMalformed(() -> RequestParser.alive2(body), "Extra info size error in ALIVE2_REQ");
    }

    @Test
    void alive2NameWithNulIsRefusedAndTheOffsetNamed() {
        byte[] body = RequestBytes.alive2(new byte[] {'a', 0, 'b'}, 5000, 6, 6, new byte[0]);
        assertThatThrownBy(() -> RequestParser.alive2(body))
                .isInstanceOfSatisfying(MalformedRequestException.class, e -> {
                    assertThat(e.otpLogLine()).isEqualTo("node name contains ascii 0 in ALIVE2_REQ");
                    assertThat(e.getMessage()).contains("offset 12");
                });
    }

    @Test
    void portPlease2StripsOneTrailingNul() throws Exception {
        assertThat(RequestParser.portPlease2(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "ab\0")).text())
                .isEqualTo("ab");
    }

    @Test
    void portPlease2RefusesWhatOtpRefuses() {
        assertMalformed(() -> RequestParser.portPlease2(new byte[] {EpmdWire.PORT_PLEASE2_REQ}),
                "packet too small for request PORT2_REQ (1)");
        assertMalformed(() -> RequestParser.portPlease2(new byte[] {EpmdWire.PORT_PLEASE2_REQ, 0}),
                "packet too small for request PORT2_REQ (1)");
        assertMalformed(() -> RequestParser.portPlease2(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "a\0b")),
                "node name contains ascii 0 in PORT2_REQ");
        assertMalformed(() -> RequestParser.portPlease2(new byte[] {EpmdWire.PORT_PLEASE2_REQ, 'a', (byte) 0xff}),
                "invalid node name in PORT2_REQ");
        assertMalformed(() -> RequestParser.portPlease2(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "a".repeat(256))),
                "invalid node name in PORT2_REQ");
    }

    @Test
    void portPlease2AcceptsTwoHundredFiftyFiveCharactersOfFourBytes() throws Exception {
        String name = "😀".repeat(255);
        assertThat(RequestParser.portPlease2(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, name)).text()).isEqualTo(name);
    }

    @Test
    void stopNameEndsAtTheFirstNul() throws Exception {
        assertThat(RequestParser.stop(RequestBytes.withCode(EpmdWire.STOP_REQ, "app\0junk")).text()).isEqualTo("app");
        assertMalformed(() -> RequestParser.stop(new byte[] {EpmdWire.STOP_REQ}), "packet too small for request STOP_REQ (1)");
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String otpLine) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MalformedRequestException.class,
                e -> assertThat(e.otpLogLine()).isEqualTo(otpLine));
    }
}
