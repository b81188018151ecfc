package io.beamlink.epmd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A node name as the bytes that came over the wire. epmd compares names byte for byte, as OTP's
 * does, and echoes them unchanged.
 */
final class WireName {
    private final byte[] bytes;
    private final int hash;

    private WireName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static WireName of(byte[] source, int from, int to) {
        return new WireName(Arrays.copyOfRange(source, from, to));
    }

    int length() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** One char per byte, for {@link EpmdDebugLog}, which writes it back byte for byte. */
    String forLog() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The name as text; registered names are valid UTF-8. */
    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireName that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return text();
    }
}
