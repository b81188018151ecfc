package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    /** Copies {@code bytes} into the assembler as one read and reports whether the frame is complete. */
    private static boolean feed(FrameAssembler frame, byte... bytes) throws MalformedRequestException {
        System.arraycopy(bytes, 0, frame.buffer(), frame.offset(), bytes.length);
        return frame.append(bytes.length);
    }

    @Test
    void aFrameArrivingInOneReadIsComplete() throws Exception {
        FrameAssembler frame = new FrameAssembler();
        assertThat(feed(frame, (byte) 0, (byte) 1, (byte) 'n')).isTrue();
        assertThat(frame.body()).containsExactly('n');
    }

    @Test
    void aFrameArrivingByteByByteCompletesWithItsLastByte() throws Exception {
        FrameAssembler frame = new FrameAssembler();
        assertThat(feed(frame, (byte) 0)).isFalse();
        assertThat(frame.readLimit()).isEqualTo(EpmdWire.INBUF_SIZE - 2);
        assertThat(feed(frame, (byte) 3)).isFalse();
        assertThat(frame.readLimit()).as("once the length is known, reads ask for the rest only").isEqualTo(3);
        assertThat(feed(frame, (byte) 'z')).isFalse();
        assertThat(feed(frame, (byte) 'a')).isFalse();
        assertThat(feed(frame, (byte) 'b')).isTrue();
        assertThat(frame.body()).containsExactly('z', 'a', 'b');
    }

    @Test
    void zeroLengthIsRefusedWithOtpsLogLine() {
        FrameAssembler frame = new FrameAssembler();
        assertThatThrownBy(() -> feed(frame, (byte) 0, (byte) 0))
                .isInstanceOfSatisfying(MalformedRequestException.class, e -> {
                    assertThat(e.otpLogLine()).isEqualTo("invalid packet size (0)");
                    assertThat(e.getMessage()).contains("frame length 0 at offset 0");
                });
    }

    @Test
    void theLongestBodyIs3057BytesAnd3058IsRefused() throws Exception {
        FrameAssembler longest = new FrameAssembler();
        assertThat(feed(longest, (byte) (3057 >> 8), (byte) (3057 & 0xff))).isFalse();
        assertThat(longest.readLimit()).isEqualTo(3057);

        FrameAssembler tooLong = new FrameAssembler();
        assertThatThrownBy(() -> feed(tooLong, (byte) (3058 >> 8), (byte) (3058 & 0xff)))
                .isInstanceOfSatisfying(MalformedRequestException.class,
                        e -> assertThat(e.otpLogLine()).isEqualTo("invalid packet size (3058)"));
    }

    @Test
    void theMaximumLengthFieldIsRefused() {
        FrameAssembler frame = new FrameAssembler();
        assertThatThrownBy(() -> feed(frame, (byte) 0xff, (byte) 0xff, (byte) 'n'))
                .isInstanceOfSatisfying(MalformedRequestException.class,
                        e -> assertThat(e.otpLogLine()).isEqualTo("invalid packet size (65535)"));
    }

    @Test
    void bytesBeyondTheFrameInTheFirstReadAreRefused() {
        FrameAssembler frame = new FrameAssembler();
        assertThatThrownBy(() -> feed(frame, (byte) 0, (byte) 1, (byte) 'n', (byte) 0))
                .isInstanceOfSatisfying(MalformedRequestException.class, e -> {
                    assertThat(e.otpLogLine()).isEqualTo("got 2 bytes in packet, expected 1");
                    assertThat(e.getMessage()).contains("1 bytes follow the 1-byte request at offset 3");
                });
    }

    @Test
    void anIncompleteFrameHasNoBody() throws Exception {
        FrameAssembler frame = new FrameAssembler();
        feed(frame, (byte) 0, (byte) 5, (byte) 'z');
        assertThat(frame.received()).isEqualTo(3);
        assertThatThrownBy(frame::body).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 of 7");
    }
}
