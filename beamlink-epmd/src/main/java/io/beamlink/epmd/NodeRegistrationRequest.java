package io.beamlink.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything an ALIVE2_REQ says about a node: its alive name (the part before {@code @}), its
 * distribution listen port, node type, protocol, the distribution versions it speaks and opaque
 * extra data. {@link #of(String, int)} gives the values an OTP 25+ node sends.
 */
public record NodeRegistrationRequest(
        String alive, int port, int nodeType, int protocol, int highestVersion, int lowestVersion, byte[] extra) {

    /** The node type every OTP node registers with ({@code 'M'}, a normal node). */
    public static final int NORMAL_NODE = 77;
    /** Protocol 0: TCP (OTP sends it for IPv4 and IPv6 distribution alike). */
    public static final int TCP = 0;
    /** Distribution version 6, the only one OTP 25+ speaks. */
    public static final int DIST_VERSION_6 = 6;

    public NodeRegistrationRequest {
        Objects.requireNonNull(alive, "alive");
        Objects.requireNonNull(extra, "extra");
        checkAlive(alive);
        checkRange("port", port, 0xffff);
        checkRange("nodeType", nodeType, 0xff);
        checkRange("protocol", protocol, 0xff);
        checkRange("highestVersion", highestVersion, 0xffff);
        checkRange("lowestVersion", lowestVersion, 0xffff);
        if (extra.length > EpmdWire.MAX_SYMBOL_BYTES) {
            throw new IllegalArgumentException("extra data has " + extra.length + " bytes; epmd accepts at most "
                    + EpmdWire.MAX_SYMBOL_BYTES);
        }
        extra = extra.clone();
    }

    /** A normal node speaking distribution version 6 only, as OTP 25+ registers. */
    public static NodeRegistrationRequest of(String alive, int port) {
        return new NodeRegistrationRequest(alive, port, NORMAL_NODE, TCP, DIST_VERSION_6, DIST_VERSION_6, new byte[0]);
    }

    @Override
    public byte[] extra() {
        return extra.clone();
    }

    byte[] aliveBytes() {
        return alive.getBytes(StandardCharsets.UTF_8);
    }

    private static void checkAlive(String alive) {
        byte[] bytes = alive.getBytes(StandardCharsets.UTF_8);
        int characters = Utf8.characterCount(bytes, 0, bytes.length);
        if (characters < 0 || !alive.equals(new String(bytes, StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("alive name " + quoted(alive) + " is not valid Unicode text");
        }
        if (characters == 0 || characters > EpmdWire.MAX_NAME_CHARACTERS) {
            throw new IllegalArgumentException("alive name " + quoted(alive) + " has " + characters
                    + " characters; epmd needs 1 to " + EpmdWire.MAX_NAME_CHARACTERS);
        }
        if (alive.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("alive name " + quoted(alive) + " contains a NUL character");
        }
    }

    private static void checkRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0.." + max);
        }
    }

    private static String quoted(String alive) {
        return "\"" + (alive.length() > 40 ? alive.substring(0, 40) + "..." : alive).replace("\0", "\\0") + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeRegistrationRequest that
                && alive.equals(that.alive)
                && port == that.port
                && nodeType == that.nodeType
                && protocol == that.protocol
                && highestVersion == that.highestVersion
                && lowestVersion == that.lowestVersion
                && Arrays.equals(extra, that.extra);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(alive, port, nodeType, protocol, highestVersion, lowestVersion) + Arrays.hashCode(extra);
    }

    @Override
    public String toString() {
        return "NodeRegistrationRequest[alive=" + alive + ", port=" + port + ", nodeType=" + nodeType + ", protocol="
                + protocol + ", highestVersion=" + highestVersion + ", lowestVersion=" + lowestVersion + ", extra="
                + extra.length + " bytes]";
    }
}
