package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies and frames for tests, including malformed ones a real client would not send. */
final class RequestBytes {
    private RequestBytes() {
    }

    static byte[] alive2(String name, int port, int high, int low) {
        return alive2(name.getBytes(StandardCharsets.UTF_8), port, high, low, new byte[0]);
    }

    static byte[] alive2(byte[] name, int port, int high, int low, byte[] extra) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(EpmdWire.ALIVE2_REQ);
        short16(body, port);
        body.write(77);
        body.write(0);
        short16(body, high);
        short16(body, low);
        short16(body, name.length);
        body.writeBytes(name);
        short16(body, extra.length);
        body.writeBytes(extra);
        return body.toByteArray();
    }

    static byte[] withCode(byte code, String text) {
        return withCode(code, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] withCode(byte code, byte[] bytes) {
        byte[] body = new byte[1 + bytes.length];
        body[0] = code;
        System.arraycopy(bytes, 0, body, 1, bytes.length);
        return body;
    }

    /** The body behind a 2-byte length. */
    static byte[] frame(byte[] body) {
        byte[] frame = new byte[2 + body.length];
        frame[0] = (byte) (body.length >> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        return frame;
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
