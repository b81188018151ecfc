package io.beamlink.epmd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes the requests a client sends, each as one frame: a 2-byte length, then the body. */
final class ClientRequests {
    private ClientRequests() {
    }

    static byte[] alive2(NodeRegistrationRequest request) {
        byte[] name = request.aliveBytes();
        byte[] extra = request.extra();
        int bodyLength = EpmdWire.ALIVE2_HEADER_BYTES + name.length + 2 + extra.length;
        return ByteBuffer.allocate(2 + bodyLength)
                .putShort((short) bodyLength)
                .put(EpmdWire.ALIVE2_REQ)
                .putShort((short) request.port())
                .put((byte) request.nodeType())
                .put((byte) request.protocol())
                .putShort((short) request.highestVersion())
                .putShort((short) request.lowestVersion())
                .putShort((short) name.length)
                .put(name)
                .putShort((short) extra.length)
                .put(extra)
                .array();
    }

    static byte[] portPlease2(String alive) {
        return withName(EpmdWire.PORT_PLEASE2_REQ, alive);
    }

    static byte[] stop(String alive) {
        return withName(EpmdWire.STOP_REQ, alive);
    }

    /** NAMES_REQ, DUMP_REQ, KILL_REQ: the code alone. */
    static byte[] codeOnly(byte code) {
        return new byte[] {0, 1, code};
    }

    private static byte[] withName(byte code, String alive) {
        byte[] name = alive.getBytes(StandardCharsets.UTF_8);
        if (name.length + 1 > EpmdWire.MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("name has " + name.length + " bytes; an epmd request carries at most "
                    + (EpmdWire.MAX_BODY_LENGTH - 1));
        }
        return ByteBuffer.allocate(3 + name.length).putShort((short) (1 + name.length)).put(code).put(name).array();
    }
}
