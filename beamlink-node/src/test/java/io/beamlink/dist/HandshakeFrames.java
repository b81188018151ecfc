package io.beamlink.dist;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Handshake messages with their 2-byte length, for tests that play one side by hand. */
final class HandshakeFrames {
    private HandshakeFrames() {
    }

    static void write(OutputStream out, byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array());
        out.flush();
    }

    static byte[] read(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        return body;
    }
}
