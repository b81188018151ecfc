package io.beamlink.term;

import static io.beamlink.term.Term.atom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact bytes, as printed by OTP 25's {@code term_to_binary(T, [{minor_version, 2}])} (the
 * UTF-8 atom tags OTP 26+ uses by default and the distribution always uses).
 */
class TermEncoderTest {
    private static final Atom NODE = atom("reftest@vm");

    static List<Arguments> otpEncodings() {
        return List.of(
                Arguments.of(atom("ok"), "83 77 02 6f 6b"),
                Arguments.of(atom(""), "83 77 00"),
                Arguments.of(atom("héllo_ü"), "83 77 09 68 c3 a9 6c 6c 6f 5f c3 bc"),
                Arguments.of(Term.integer(0), "83 61 00"),
                Arguments.of(Term.integer(255), "83 61 ff"),
                Arguments.of(Term.integer(256), "83 62 00 00 01 00"),
                Arguments.of(Term.integer(-1), "83 62 ff ff ff ff"),
                Arguments.of(Term.integer(Integer.MAX_VALUE), "83 62 7f ff ff ff"),
                Arguments.of(Term.integer(Integer.MIN_VALUE), "83 62 80 00 00 00"),
                Arguments.of(Term.integer(Integer.MAX_VALUE + 1L), "83 6e 04 00 00 00 00 80"),
                Arguments.of(Term.integer(Integer.MIN_VALUE - 1L), "83 6e 04 01 01 00 00 80"),
                Arguments.of(Term.integer(Long.MAX_VALUE), "83 6e 08 00 ff ff ff ff ff ff ff 7f"),
                Arguments.of(Term.integer(Long.MIN_VALUE), "83 6e 08 01 00 00 00 00 00 00 00 80"),
                Arguments.of(Term.integer(BigInteger.ONE.shiftLeft(64)), "83 6e 09 00 00 00 00 00 00 00 00 00 01"),
                Arguments.of(Term.integer(BigInteger.ONE.shiftLeft(64).negate()), "83 6e 09 01 00 00 00 00 00 00 00 00 01"),
                Arguments.of(Term.floating(1.5), "83 46 3f f8 00 00 00 00 00 00"),
                Arguments.of(Term.floating(-0.0), "83 46 80 00 00 00 00 00 00 00"),
                Arguments.of(Term.floating(0.0), "83 46 00 00 00 00 00 00 00 00"),
                Arguments.of(Term.floating(1.0e300), "83 46 7e 37 e4 3c 88 00 75 9c"),
                Arguments.of(Term.tuple(), "83 68 00"),
                Arguments.of(Term.tuple(atom("a"), Term.integer(1)), "83 68 02 77 01 61 61 01"),
                Arguments.of(Term.nil(), "83 6a"),
                Arguments.of(Term.list(Term.integer(1), Term.integer(2), Term.integer(3)), "83 6b 00 03 01 02 03"),
                Arguments.of(Term.list(Term.integer(1), Term.integer(256)), "83 6c 00 00 00 02 61 01 62 00 00 01 00 6a"),
                Arguments.of(ErlList.of(List.of(atom("a")), atom("b")), "83 6c 00 00 00 01 77 01 61 77 01 62"),
                Arguments.of(ErlMap.EMPTY, "83 74 00 00 00 00"),
                Arguments.of(ErlMap.of(atom("a"), Term.integer(1), atom("b"), Term.integer(2)),
                        "83 74 00 00 00 02 77 01 61 61 01 77 01 62 61 02"),
                Arguments.of(Term.binary(new byte[] {1, 2, 3}), "83 6d 00 00 00 03 01 02 03"),
                Arguments.of(Binary.EMPTY, "83 6d 00 00 00 00"),
                Arguments.of(new BitString(new byte[] {0x20}, 3), "83 4d 00 00 00 01 03 20"),
                Arguments.of(new BitString(new byte[] {(byte) 0xff, (byte) 0xe0}, 3), "83 4d 00 00 00 02 03 ff e0"),
                Arguments.of(new ExportFun(atom("lists"), atom("map"), 2), "83 71 77 05 6c 69 73 74 73 77 03 6d 61 70 61 02"),
                Arguments.of(new Pid(NODE, 9, 0, 0x6b077ec0),
                        "83 58 77 0a 72 65 66 74 65 73 74 40 76 6d 00 00 00 09 00 00 00 00 6b 07 7e c0"),
                Arguments.of(new Port(NODE, 0, 0x6b077ec0),
                        "83 59 77 0a 72 65 66 74 65 73 74 40 76 6d 00 00 00 00 6b 07 7e c0"),
                Arguments.of(new Ref(NODE, 0x6b077ec0, 0x000258fc, 0xd8a00001, 0x8fdd0494),
                        "83 5a 00 03 77 0a 72 65 66 74 65 73 74 40 76 6d 6b 07 7e c0 00 02 58 fc d8 a0 00 01 8f dd 04 94"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otpEncodings")
    void encodesAsOtpDoes(Term term, String otpBytes) {
        assertThat(Hex.of(TermEncoder.encode(term))).isEqualTo(otpBytes);
    }

    @Test
    void aBignumOfMoreThan255BytesUsesLargeBigExt() {
        byte[] positive = TermEncoder.encode(Term.integer(BigInteger.ONE.shiftLeft(2040)));
        byte[] negative = TermEncoder.encode(Term.integer(BigInteger.ONE.shiftLeft(2040).negate()));
        // OTP: 83 6f 00 00 01 00 Sign, then 256 digits of which only the last is 1.
        assertThat(positive).hasSize(6 + 1 + 256);
        assertThat(Hex.of(java.util.Arrays.copyOf(positive, 8))).isEqualTo("83 6f 00 00 01 00 00 00");
        assertThat(Hex.of(java.util.Arrays.copyOf(negative, 8))).isEqualTo("83 6f 00 00 01 00 01 00");
        assertThat(positive[positive.length - 1]).isEqualTo((byte) 1);
        assertThat(negative[negative.length - 1]).isEqualTo((byte) 1);
    }

    @Test
    void aNegativeBignumThatIsNotAPowerOfTwoHasItsMagnitudeAsDigits() {
        // -(2^64 + 0x0102) has digits 02 01 00 00 00 00 00 00 01.
        Term value = Term.integer(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(0x0102)).negate());
        assertThat(Hex.of(TermEncoder.encode(value))).isEqualTo("83 6e 09 01 02 01 00 00 00 00 00 00 01");
    }

    @Test
    void portsBeyond28BitsUseV4PortExtAsOtp25Does() {
        // OTP 25 re-encodes #Port<a.268435455> as NEW_PORT_EXT and #Port<a.268435456> as V4_PORT_EXT.
        assertThat(Hex.of(TermEncoder.encode(new Port(atom("a"), (1L << 28) - 1, 5))))
                .isEqualTo("83 59 77 01 61 0f ff ff ff 00 00 00 05");
        assertThat(Hex.of(TermEncoder.encode(new Port(atom("a"), 1L << 28, 5))))
                .isEqualTo("83 78 77 01 61 00 00 00 00 10 00 00 00 00 00 00 05");
        assertThat(Hex.of(TermEncoder.encode(new Port(atom("a"), 0xFFFF_FFFFL, 5))))
                .isEqualTo("83 78 77 01 61 00 00 00 00 ff ff ff ff 00 00 00 05");
    }

    @Test
    void aTupleOfMoreThan255ElementsUsesLargeTupleExt() {
        List<Term> elements = new ArrayList<>();
        for (int i = 1; i <= 256; i++) {
            elements.add(Term.integer(i));
        }
        // OTP: list_to_tuple(lists:seq(1, 256)) starts 131,105,0,0,1,0.
        assertThat(Hex.of(java.util.Arrays.copyOf(TermEncoder.encode(Tuple.of(elements)), 6))).isEqualTo("83 69 00 00 01 00");
    }

    @Test
    void byteListsUpTo65535ElementsUseStringExtAndLongerOnesListExt() {
        // OTP: lists:duplicate(65535, 7) starts 131,107,255,255; 65536 elements start 131,108,0,1,0,0.
        byte[] longest = TermEncoder.encode(Term.list(Collections.nCopies(65535, Term.integer(7))));
        byte[] longer = TermEncoder.encode(Term.list(Collections.nCopies(65536, Term.integer(1))));
        assertThat(Hex.of(java.util.Arrays.copyOf(longest, 4))).isEqualTo("83 6b ff ff");
        assertThat(longest).hasSize(4 + 65535);
        assertThat(Hex.of(java.util.Arrays.copyOf(longer, 6))).isEqualTo("83 6c 00 01 00 00");
    }

    @Test
    void anImproperListOfBytesIsNotAString() {
        Term improper = ErlList.of(List.of(Term.integer(1), Term.integer(2)), Term.integer(3));
        assertThat(Hex.of(TermEncoder.encode(improper))).isEqualTo("83 6c 00 00 00 02 61 01 61 02 61 03");
    }

    @Test
    void anAtomOfMoreThan255BytesUsesAtomUtf8Ext() {
        Atom atom = atom("ü".repeat(200));
        byte[] bytes = TermEncoder.encode(atom);
        assertThat(Hex.of(java.util.Arrays.copyOf(bytes, 4))).isEqualTo("83 76 01 90");
        assertThat(bytes).hasSize(4 + 400);
    }

    @Test
    void compressesLikeOtpWhenThatIsSmaller() {
        // OTP 25: term_to_binary(lists:duplicate(20, ok), [compressed, {minor_version, 2}]); the same zlib stream
        // at level 6, as long as the JDK's zlib deflates as OTP's does.
        Term term = Term.list(Collections.nCopies(20, Atom.OK));
        assertThat(Hex.of(TermEncoder.encodeCompressed(term, 6)))
                .isEqualTo("83 50 00 00 00 56 78 9c cb 61 60 60 10 29 67 ca cf a6 26 ce 02 00 73 ec 1b 67");
    }

    @Test
    void keepsThePlainEncodingWhenCompressionDoesNotPay() {
        // OTP returns term_to_binary(hello, [compressed]) uncompressed.
        assertThat(TermEncoder.encodeCompressed(atom("hello"), 9)).isEqualTo(TermEncoder.encode(atom("hello")));
        assertThat(TermEncoder.encodeCompressed(Term.binary(new byte[] {1, 2, 3}), 1))
                .isEqualTo(TermEncoder.encode(Term.binary(new byte[] {1, 2, 3})));
    }

    @Test
    void usesTheCompressedFormWhenItIsExactlyAsLongAsThePlainOne() {
        // OTP 25 measured for binaries of N 'a': N = 14 gives 20 bytes either way and stays plain (one byte of zlib
        // more than the room), N = 15 gives 21 bytes either way and is compressed (tag 80).
        byte[] fifteen = "a".repeat(15).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] fourteen = "a".repeat(14).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] compressed = TermEncoder.encodeCompressed(Term.binary(fifteen), 6);
        assertThat(TermEncoder.encode(Term.binary(fifteen))).hasSize(21);
        assertThat(compressed).hasSize(21);
        assertThat(compressed[1]).isEqualTo((byte) 80);
        assertThat(TermEncoder.encodeCompressed(Term.binary(fourteen), 6)).isEqualTo(TermEncoder.encode(Term.binary(fourteen)));
    }

    @Test
    void levelZeroIsThePlainEncoding() {
        Term term = Term.list(Collections.nCopies(100, Atom.OK));
        assertThat(TermEncoder.encodeCompressed(term, 0)).isEqualTo(TermEncoder.encode(term));
    }

    @Test
    void rejectsCompressionLevelsOutside0To9() {
        assertThatThrownBy(() -> TermEncoder.encodeCompressed(Atom.OK, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TermEncoder.encodeCompressed(Atom.OK, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapsAreWrittenInTheirIterationOrder() {
        ErlMap map = ErlMap.of(atom("b"), Term.integer(2), atom("a"), Term.integer(1));
        assertThat(Hex.of(TermEncoder.encode(map))).isEqualTo("83 74 00 00 00 02 77 01 62 61 02 77 01 61 61 01");
    }

    @Test
    void deeplyNestedTermsEncodeWithoutUsingTheThreadStack() throws Exception {
        Term deep = Term.nil();
        for (int i = 0; i < 100_000; i++) {
            deep = i % 3 == 0 ? Term.tuple(deep) : i % 3 == 1 ? Term.list(deep, Atom.OK) : ErlMap.of(Atom.OK, deep);
        }
        Term term = deep;
        int[] sizes = new int[2];
        // A 128 KiB stack: recursion would overflow it within a few thousand levels.
        Thread thread = new Thread(null, () -> {
            sizes[0] = TermEncoder.encode(term).length;
            sizes[1] = TermEncoder.encodedSize(term);
        }, "small-stack", 128 * 1024);
        thread.start();
        thread.join();
        assertThat(sizes[0]).isGreaterThan(100_000).isEqualTo(sizes[1] + 1);
    }

    @Test
    void encodingIntoABufferAppendsAndReusesIt() {
        OutputBuffer out = new OutputBuffer(4);
        TermEncoder.encode(Atom.OK, out);
        TermEncoder.encodeBody(Term.integer(1), out);
        assertThat(Hex.of(out.toByteArray())).isEqualTo("83 77 02 6f 6b 61 01");
        byte[] grown = out.array();
        out.reset();
        TermEncoder.encode(Atom.OK, out);
        assertThat(out.array()).isSameAs(grown);
        assertThat(Hex.of(out.toByteArray())).isEqualTo("83 77 02 6f 6b");
    }
}
