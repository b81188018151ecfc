package io.beamlink.term;

import java.util.HexFormat;

/** Byte arrays written as the space-separated hex that {@code erl} printed them in. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
