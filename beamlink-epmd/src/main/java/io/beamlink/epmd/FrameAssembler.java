package io.beamlink.epmd;

import java.util.Arrays;

/**
 * Collects one request frame ({@code Len:16} then {@code Len} bytes) from successive reads,
 * with OTP epmd's rules: until the length is known a read may fill the whole buffer; once it
 * is known, reads ask for exactly the rest. A length of 0 or one that does not fit the buffer
 * is refused, and so is a first read that brought more than the frame (a second request in the
 * same packet).
 */
final class FrameAssembler {
    private final byte[] buffer = new byte[EpmdWire.INBUF_SIZE];
    private int got;
    /** The whole frame's size including the length field, 0 until known. */
    private int want;

    /** Where the next read puts its bytes. */
    byte[] buffer() {
        return buffer;
    }

    int offset() {
        return got;
    }

    /** How many bytes the next read may take. */
    int readLimit() {
        return want == 0 ? EpmdWire.INBUF_SIZE - 1 - got : want - got;
    }

    int received() {
        return got;
    }

    /**
     * Accounts for {@code count} bytes just read into {@link #buffer()} at {@link #offset()}.
     *
     * @return true when the frame is complete
     * @throws MalformedRequestException when the length field is out of range or the bytes
     *     overrun the frame
     */
    boolean append(int count) throws MalformedRequestException {
        if (count <= 0 || count > readLimit()) {
            throw new IllegalArgumentException("read count " + count + " outside 1.." + readLimit());
        }
        got += count;
        if (want == 0 && got >= 2) {
            int length = (buffer[0] & 0xff) << 8 | (buffer[1] & 0xff);
            want = length + 2;
            if (length < 1 || length > EpmdWire.MAX_BODY_LENGTH) {
                throw new MalformedRequestException("invalid packet size (" + length + ")",
                        "the frame length " + length + " at offset 0 is outside 1.." + EpmdWire.MAX_BODY_LENGTH);
            }
            if (got > want) {
                throw new MalformedRequestException("got " + (got - 2) + " bytes in packet, expected " + length,
                        (got - want) + " bytes follow the " + length + "-byte request at offset " + want
                                + "; epmd takes one request per connection");
            }
        }
        return want != 0 && got == want;
    }

    /** The request body (without the length field) once {@link #append} returned true. */
    byte[] body() {
        if (want == 0 || got != want) {
            throw new IllegalStateException("the frame is not complete: " + got + " of " + want + " bytes");
        }
        return Arrays.copyOfRange(buffer, 2, want);
    }
}
