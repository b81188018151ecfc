package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void countsCharactersNotBytes() {
        byte[] bytes = "aé€😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.characterCount(bytes, 0, bytes.length)).isEqualTo(4);
    }

    @Test
    void refusesOverlongFormsSurrogatesAndCodePointsBeyondUnicode() {
        byte[][] invalid = {
            {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
            {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // U+D800
            {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}, // overlong
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
            {(byte) 0x80}, // lone continuation
            {(byte) 0xe2, (byte) 0x82}, // truncated
            {'a', (byte) 0xff},
        };
        for (byte[] bytes : invalid) {
            assertThat(Utf8.characterCount(bytes, 0, bytes.length)).as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(-1);
        }
    }

    @Property(tries = 500, seed = "20250301")
    void countsTheCodePointsOfAnyEncodedText(@ForAll @Size(max = 40) String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        assertThat(Utf8.characterCount(bytes, 0, bytes.length)).isEqualTo(decoded.codePointCount(0, decoded.length()));
    }

    @Property(tries = 2000, seed = "20250301")
    void agreesWithTheJdksStrictDecoder(@ForAll @Size(max = 12) byte[] bytes) {
        int expected;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            expected = text.codePointCount(0, text.length());
        } catch (CharacterCodingException e) {
            expected = -1;
        }
        assertThat(Utf8.characterCount(bytes, 0, bytes.length)).isEqualTo(expected);
    }
}
