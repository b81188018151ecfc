package io.beamlink.term;

import static io.beamlink.term.Term.atom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tags OTP sends or once sent, OTP's acceptance rules (checked against OTP 25), and the limits on hostile input. */
class TermDecoderTest {
    private final TermDecoder decoder = TermDecoder.standard();

    private Term decode(String hex) throws TermDecodeException {
        return decoder.decode(Hex.bytes(hex));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String hex) {
        return assertThatThrownBy(() -> decode(hex)).isInstanceOf(TermDecodeException.class);
    }

    private static long offsetOf(ThrowingDecode decode) {
        try {
            decode.run();
        } catch (TermDecodeException e) {
            return e.offset();
        }
        throw new AssertionError("expected a TermDecodeException");
    }

    private interface ThrowingDecode {
        void run() throws TermDecodeException;
    }

    @Test
    void latin1AtomTagsDecodeTheirBytesAsLatin1() throws TermDecodeException {
        // OTP 25 decodes <<131,100,0,2,200,201>> and <<131,115,2,200,201>> to the atom 'ÈÉ'.
        assertThat(decode("83 64 00 02 c8 c9")).isEqualTo(atom("ÈÉ"));
        assertThat(decode("83 73 02 c8 c9")).isEqualTo(atom("ÈÉ"));
        assertThat(decode("83 64 00 02 6f 6b")).isSameAs(Atom.OK);
    }

    @Test
    void utf8AtomsDecodeAndTheSameBytesInLatin1AreADifferentAtom() throws TermDecodeException {
        assertThat(decode("83 77 02 c3 a9")).isEqualTo(atom("é"));
        assertThat(decode("83 73 02 c3 a9")).isEqualTo(atom("Ã©"));
        assertThat(decode("83 76 00 02 c3 a9")).isEqualTo(atom("é"));
    }

    @Test
    void atomsOf255CharactersDecodeAndLongerOnesAreRejected() throws TermDecodeException {
        String longest = "𝄞".repeat(255);
        assertThat(decoder.decode(TermEncoder.encode(atom(longest)))).isEqualTo(atom(longest));
        byte[] utf8 = ("𝄞".repeat(256)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        OutputBuffer out = new OutputBuffer(0);
        out.writeByte(131);
        out.writeByte(EtfTag.ATOM_UTF8_EXT);
        out.writeShort(utf8.length);
        out.writeBytes(utf8);
        assertThatThrownBy(() -> decoder.decode(out.toByteArray()))
                .isInstanceOf(TermDecodeException.class).hasMessageContaining("256 characters");
        assertRejected("83 64 01 00 " + "61 ".repeat(256)).hasMessageContaining("256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "83 77 01 c8",          // lone lead byte (OTP 25: badarg)
            "83 77 02 c8 c9",       // lead byte followed by a lead byte (OTP 25: badarg)
            "83 77 02 c0 af",       // overlong '/'
            "83 77 03 ed a0 80",    // UTF-16 surrogate D800
            "83 77 04 f4 90 80 80", // beyond U+10FFFF
            "83 77 01 ff"})
    void invalidUtf8InAtomsIsRejected(String hex) {
        assertRejected(hex).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void floatExtIsParsedTheWayOtpAcceptsIt() throws TermDecodeException {
        assertThat(decoder.decode(floatExt("1.50000000000000000000e+00"))).isEqualTo(Term.floating(1.5));
        assertThat(decoder.decode(floatExt("1.5"))).isEqualTo(Term.floating(1.5));
        assertThat(decoder.decode(floatExt("+1.5E+05"))).isEqualTo(Term.floating(1.5e5));
        assertThat(decoder.decode(floatExt("-0.0"))).isEqualTo(Term.floating(-0.0));
        assertThat(decoder.decode(floatExt("1.5e-400"))).isEqualTo(Term.floating(0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.", ".5", "1e5", "1.5e", "1.5e+", " 1.5", "1.5 ", "1.5x", "nan", "inf", "0x10"})
    void floatExtTextsOtpRejectsAreRejected(String text) {
        assertThatThrownBy(() -> decoder.decode(floatExt(text)))
                .isInstanceOf(TermDecodeException.class).hasMessageContaining("FLOAT_EXT text");
    }

    @Test
    void floatExtOutOfRangeOrWithoutTerminatorIsRejected() {
        assertThatThrownBy(() -> decoder.decode(floatExt("1.0e400"))).hasMessageContaining("out of the range");
        assertThatThrownBy(() -> decoder.decode(floatExt("12345678901234567890123456789.0")))
                .hasMessageContaining("no NUL terminator");
    }

    private static byte[] floatExt(String text) {
        byte[] bytes = new byte[2 + 31];
        bytes[0] = (byte) 131;
        bytes[1] = (byte) EtfTag.FLOAT_EXT;
        byte[] ascii = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 2, Math.min(31, ascii.length));
        return bytes;
    }

    @Test
    void newFloatExtRejectsNanAndInfinities() {
        assertRejected("83 46 7f f0 00 00 00 00 00 00").hasMessageContaining("finite");
        assertRejected("83 46 ff f0 00 00 00 00 00 00").hasMessageContaining("finite");
        assertRejected("83 46 7f f8 00 00 00 00 00 00").hasMessageContaining("finite");
    }

    @Test
    void legacyPidsPortsAndReferencesDecodeWithTheirEightBitCreation() throws TermDecodeException {
        Atom a = atom("a");
        // Bytes OTP 25 accepts; it re-encodes them with the creation widened to 32 bits.
        assertThat(decode("83 67 77 01 61 00 00 00 05 00 00 00 01 03")).isEqualTo(new Pid(a, 5, 1, 3));
        assertThat(decode("83 66 77 01 61 00 00 00 05 03")).isEqualTo(new Port(a, 5, 3));
        assertThat(decode("83 65 77 01 61 00 00 00 05 03")).isEqualTo(new Ref(a, 3, 5));
        assertThat(decode("83 72 00 01 77 01 61 03 00 00 00 05")).isEqualTo(new Ref(a, 3, 5));
        assertThat(decode("83 66 77 01 61 ff ff ff ff 03")).isEqualTo(new Port(a, 0xFFFF_FFFFL, 3));
    }

    @Test
    void currentPidsPortsAndReferencesDecode() throws TermDecodeException {
        Atom a = atom("a");
        assertThat(decode("83 58 77 01 61 ff ff ff ff ff ff ff ff 00 00 00 05")).isEqualTo(new Pid(a, -1, -1, 5));
        assertThat(decode("83 59 77 01 61 ff ff ff ff 00 00 00 05")).isEqualTo(new Port(a, 0xFFFF_FFFFL, 5));
        assertThat(decode("83 78 77 01 61 00 00 00 01 00 00 00 00 00 00 00 05")).isEqualTo(new Port(a, 1L << 32, 5));
        assertThat(decode("83 5a 00 05 77 01 61 00 00 00 03 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05"))
                .isEqualTo(new Ref(a, 3, 1, 2, 3, 4, 5));
    }

    @Test
    void referencesWithoutIdsOrMoreThanFiveAreRejected() {
        // OTP 25 rejects 6 id words; it accepts 0, which no OTP node sends, and which the model cannot represent.
        assertRejected("83 5a 00 06 77 01 61 00 00 00 03" + " 00 00 00 01".repeat(6)).hasMessageContaining("6 id words");
        assertRejected("83 5a 00 00 77 01 61 00 00 00 03").hasMessageContaining("0 id words");
    }

    @Test
    void aNodeMustBeAnAtom() {
        assertRejected("83 58 61 01 00 00 00 01 00 00 00 00 00 00 00 00")
                .hasMessageContaining("expected an atom for the node of NEW_PID_EXT (88)");
    }

    @Test
    void stringExtIsAListOfIntegers() throws TermDecodeException {
        assertThat(decode("83 6b 00 03 01 02 ff")).isEqualTo(Term.list(Term.integer(1), Term.integer(2), Term.integer(255)));
        assertThat(decode("83 6b 00 00")).isSameAs(Nil.NIL);
    }

    @Test
    void listTailsThatAreListsContinueTheList() throws TermDecodeException {
        Term ab = Term.list(atom("a"), atom("b"));
        // [a | [b]] written with a LIST_EXT tail, as another encoder might.
        assertThat(decode("83 6c 00 00 00 01 77 01 61 6c 00 00 00 01 77 01 62 6a")).isEqualTo(ab);
        // [a | "bc"]
        assertThat(decode("83 6c 00 00 00 01 77 01 61 6b 00 02 62 63"))
                .isEqualTo(Term.list(atom("a"), Term.integer('b'), Term.integer('c')));
        // [a | [] ] through an empty LIST_EXT whose tail is NIL_EXT
        assertThat(decode("83 6c 00 00 00 01 77 01 61 6c 00 00 00 00 6a")).isEqualTo(Term.list(atom("a")));
        // an empty LIST_EXT is its tail (OTP 25 decodes <<131,108,0,0,0,0,97,1>> to 1)
        assertThat(decode("83 6c 00 00 00 00 61 01")).isEqualTo(Term.integer(1));
        assertThat(decode("83 6c 00 00 00 00 6a")).isSameAs(Nil.NIL);
        // [a | b] stays improper
        assertThat(decode("83 6c 00 00 00 01 77 01 61 77 01 62")).isEqualTo(ErlList.of(List.of(atom("a")), atom("b")));
    }

    @Test
    void aLongChainOfOneElementListTailsDecodesToOneFlatList() throws TermDecodeException {
        int length = 100_000;
        OutputBuffer out = new OutputBuffer(length * 7);
        out.writeByte(131);
        for (int i = 0; i < length; i++) {
            out.writeByte(EtfTag.LIST_EXT);
            out.writeInt(1);
            out.writeByte(EtfTag.SMALL_INTEGER_EXT);
            out.writeByte(i & 0xFF);
        }
        out.writeByte(EtfTag.NIL_EXT);
        ErlList list = (ErlList) decoder.decode(out.toByteArray());
        assertThat(list.size()).isEqualTo(length);
        assertThat(list.isProper()).isTrue();
        assertThat(list.get(length - 1)).isEqualTo(Term.integer((length - 1) & 0xFF));
    }

    @Test
    void bitBinaryExtFollowsOtpsRules() throws TermDecodeException {
        assertThat(decode("83 4d 00 00 00 01 03 ff")).isEqualTo(new BitString(new byte[] {(byte) 0xE0}, 3));
        assertThat(decode("83 4d 00 00 00 02 08 01 02")).isEqualTo(Term.binary(new byte[] {1, 2}));
        assertThat(decode("83 4d 00 00 00 00 00")).isSameAs(Binary.EMPTY);
        // OTP 25 rejects each of these with badarg.
        assertRejected("83 4d 00 00 00 00 08").hasMessageContaining("0 bytes must have 0 bits");
        assertRejected("83 4d 00 00 00 00 03").hasMessageContaining("0 bytes must have 0 bits");
        assertRejected("83 4d 00 00 00 01 00 00").hasMessageContaining("1..8 allowed");
        assertRejected("83 4d 00 00 00 01 09 00").hasMessageContaining("1..8 allowed");
    }

    @Test
    void bignumsAreNormalizedAsOtpDoes() throws TermDecodeException {
        // OTP 25 decodes all of these to small integers, and treats any non-zero sign byte as negative.
        assertThat(decode("83 6e 00 00")).isEqualTo(Term.integer(0));
        assertThat(decode("83 6e 01 01 00")).isEqualTo(Term.integer(0));
        assertThat(decode("83 6e 03 00 05 00 00")).isEqualTo(Term.integer(5));
        assertThat(decode("83 6e 01 02 05")).isEqualTo(Term.integer(-5));
        assertThat(decode("83 6f 00 00 00 01 00 05")).isEqualTo(Term.integer(5));
        assertThat(decode("83 6e 08 01 00 00 00 00 00 00 00 80")).isEqualTo(Term.integer(Long.MIN_VALUE));
        assertThat(decode("83 6e 08 00 00 00 00 00 00 00 00 80")).isEqualTo(Term.integer(BigInteger.ONE.shiftLeft(63)));
        assertThat(decode("83 6e 0a 01 00 00 00 00 00 00 00 80 00 00"))
                .isEqualTo(Term.integer(BigInteger.ONE.shiftLeft(63).negate()));
    }

    @Test
    void oversizedBignumsAreRejectedBeforeAllocating() {
        assertRejected("83 6f 7f ff ff ff 00 01").hasMessageContaining("exceeds the limit");
        assertRejected("83 6f 00 ff ff ff 00 01").hasMessageContaining("cut short");
    }

    @Test
    void exportFunArityMayBeAnyIntegerTagIn0To255() throws TermDecodeException {
        // OTP 25 accepts the arity as INTEGER_EXT too.
        assertThat(decode("83 71 77 01 6d 77 01 66 62 00 00 00 01")).isEqualTo(new ExportFun(atom("m"), atom("f"), 1));
        assertRejected("83 71 77 01 6d 77 01 66 62 00 00 01 00").hasMessageContaining("outside 0..255");
        assertRejected("83 71 77 01 6d 61 01 61 01").hasMessageContaining("function of EXPORT_EXT");
    }

    /** OTP 25 on node reftest@vm: term_to_binary(fun(X) -> X + 1 end, [{minor_version, 2}]) in the shell. */
    private static final String OTP_FUN = "83 70 00 00 00 ae 01 06 53 61 aa 46 15 90 d1 bd f1 eb 62 d1 a6 eb 08 00 00 00 2a 00 00 00 01 "
            + "77 08 65 72 6c 5f 65 76 61 6c 61 2a 62 00 32 9b 0d 58 77 0a 72 65 66 74 65 73 74 40 76 6d 00 00 00 09 00 00 00 00 "
            + "6b 07 7e c0 68 06 61 08 6a 77 04 6e 6f 6e 65 77 04 6e 6f 6e 65 74 00 00 00 00 6c 00 00 00 01 68 05 77 06 63 6c 61 "
            + "75 73 65 61 08 6c 00 00 00 01 68 03 77 03 76 61 72 61 08 77 01 58 6a 6a 6c 00 00 00 01 68 05 77 02 6f 70 61 08 77 "
            + "01 2b 68 03 77 03 76 61 72 61 08 77 01 58 68 03 77 07 69 6e 74 65 67 65 72 61 08 61 01 6a 6a";

    @Test
    void funsKeepTheirFieldsAndReencodeBitExact() throws TermDecodeException {
        Fun fun = (Fun) decode(OTP_FUN);
        // erlang:fun_info/1 said: module erl_eval, index 42, uniq 3316493, arity 1.
        assertThat(fun.module()).isEqualTo(atom("erl_eval"));
        assertThat(fun.index()).isEqualTo(42);
        assertThat(fun.uniq()).isEqualTo(3316493L);
        assertThat(fun.arity()).isEqualTo(1);
        assertThat(Hex.of(TermEncoder.encode(fun))).isEqualTo(OTP_FUN);
    }

    @Test
    void aFunWhoseSizeDisagreesWithItsFieldsIsRejected() {
        String tooLong = OTP_FUN.replaceFirst("83 70 00 00 00 ae", "83 70 00 00 00 ad");
        assertRejected(tooLong).hasMessageContaining("Size says 173 bytes, but its fields take 174");
        String beyondInput = OTP_FUN.replaceFirst("83 70 00 00 00 ae", "83 70 00 00 00 af");
        assertRejected(beyondInput).hasMessageContaining("exceeds the 174 bytes that remain");
    }

    @Test
    void removedAndNodeLocalTagsAreRejectedWithTheReason() {
        assertRejected("83 75 00 00 00 00").hasMessageContaining("FUN_EXT (117)").hasMessageContaining("OTP 23");
        assertRejected("83 79 00").hasMessageContaining("LOCAL_EXT (121)").hasMessageContaining("[local]");
        assertRejected("83 44 00").hasMessageContaining("unknown tag 68");
    }

    @Test
    void mapsKeepTheirOrderAndRejectDuplicateKeys() throws TermDecodeException {
        ErlMap map = (ErlMap) decode("83 74 00 00 00 02 77 01 62 61 02 77 01 61 61 01");
        assertThat(map.entries().keySet()).containsExactly(atom("b"), atom("a"));
        // OTP 25 rejects #{1 => 2, 1 => 3} (<<131,116,0,0,0,2,97,1,97,2,97,1,97,3>>) with badarg.
        assertThat(offsetOf(() -> decode("83 74 00 00 00 02 61 01 61 02 61 01 61 03"))).isEqualTo(10);
        assertRejected("83 74 00 00 00 02 61 01 61 02 61 01 61 03").hasMessageContaining("key twice");
        // 1 and 1.0 are different keys.
        assertThat(decode("83 74 00 00 00 02 61 01 61 02 46 3f f0 00 00 00 00 00 00 61 03")).isInstanceOf(ErlMap.class);
    }

    @Test
    void compressedTermsInflateToTheirDeclaredSize() throws TermDecodeException {
        // OTP 25: term_to_binary(lists:duplicate(20, ok), [compressed, {minor_version, 2}]).
        assertThat(decode("83 50 00 00 00 56 78 9c cb 61 60 60 10 29 67 ca cf a6 26 ce 02 00 73 ec 1b 67"))
                .isEqualTo(Term.list(java.util.Collections.nCopies(20, Atom.OK)));
    }

    @Test
    void compressedTermsThatLieAboutTheirSizeAreRejected() {
        byte[] body = Hex.bytes("77 01 61");
        assertThatThrownBy(() -> decoder.decode(compressed(body, 4))).hasMessageContaining("inflates to 3 bytes, but declares 4");
        assertThatThrownBy(() -> decoder.decode(compressed(body, 2))).hasMessageContaining("more than its declared 2 bytes");
        byte[] cut = compressed(body, 3);
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(cut, cut.length - 3))).hasMessageContaining("cut short");
        byte[] corrupt = compressed(body, 3);
        corrupt[6] ^= 0x55;
        assertThatThrownBy(() -> decoder.decode(corrupt)).isInstanceOf(TermDecodeException.class).hasMessageContaining("zlib");
    }

    @Test
    void compressedTermsMustBeOneTermAndFitTheLimit() {
        assertThatThrownBy(() -> decoder.decode(compressed(Hex.bytes("77 01 61 01"), 4)))
                .hasMessageContaining("1 bytes follow the term at offset 3 of the data inflated from the compressed term at offset 1");
        TermDecoder small = TermDecoder.builder().maxDecompressedSize(100).build();
        assertThatThrownBy(() -> small.decode(compressed(new byte[101], 101)))
                .hasMessageContaining("declares 101 bytes uncompressed, more than the limit of 100");
        // A 4 GiB claim in a tiny input is refused before anything is allocated.
        assertRejected("83 50 ff ff ff ff 78 9c 03 00 00 00 00 01").hasMessageContaining("more than the limit");
        assertThatThrownBy(() -> decoder.decode(compressed(Hex.bytes("50 00 00 00 00"), 5)))
                .hasMessageContaining("may only follow the version byte");
    }

    private static byte[] compressed(byte[] body, int declaredSize) {
        Deflater deflater = new Deflater();
        deflater.setInput(body);
        deflater.finish();
        byte[] zlib = new byte[body.length + 64];
        int length = deflater.deflate(zlib);
        deflater.end();
        OutputBuffer out = new OutputBuffer(0);
        out.writeByte(131);
        out.writeByte(EtfTag.COMPRESSED);
        out.writeInt(declaredSize);
        out.writeBytes(zlib, 0, length);
        return out.toByteArray();
    }

    @Test
    void atomCacheRefsResolveThroughTheDistributionHeadersAtoms() throws TermDecodeException {
        Atom[] refs = {atom("$gen_call"), atom("n@h")};
        ByteBuffer body = ByteBuffer.wrap(Hex.bytes("68 02 52 00 58 52 01 00 00 00 01 00 00 00 00 00 00 00 07"));
        assertThat(decoder.decodeBody(body, refs)).isEqualTo(Term.tuple(refs[0], new Pid(refs[1], 1, 0, 7)));
        assertThatThrownBy(() -> decoder.decodeBody(ByteBuffer.wrap(Hex.bytes("52 02")), refs))
                .hasMessageContaining("index 2 is not among the 2 atom cache references");
        assertThatThrownBy(() -> decoder.decodeBody(ByteBuffer.wrap(Hex.bytes("52 00")), null))
                .hasMessageContaining("outside a distribution header");
        assertRejected("83 52 00").hasMessageContaining("outside a distribution header");
    }

    @Test
    void aFunWhoseAtomsAreCacheRefsIsRebuiltWithTheAtomsWrittenOut() throws TermDecodeException {
        Atom module = atom("mymod");
        Atom node = atom("n@h");
        byte[] uniq = new byte[16];
        Arrays.fill(uniq, (byte) 7);
        Fun expected = FunBytes.fun(module, 2, uniq, 3, 5, 100_000, new Pid(node, 1, 0, 7), List.of(module));

        OutputBuffer out = new OutputBuffer(64);
        out.writeInt(0);
        out.writeByte(2);
        out.writeBytes(uniq);
        out.writeInt(3);
        out.writeInt(1);
        out.writeBytes(Hex.bytes("52 00 61 05 62 00 01 86 a0 58 52 01 00 00 00 01 00 00 00 00 00 00 00 07 52 00"));
        out.putInt(0, out.size());
        OutputBuffer fun = new OutputBuffer(64);
        fun.writeByte(EtfTag.NEW_FUN_EXT);
        fun.writeBytes(out.toByteArray());

        Term decoded = decoder.decodeBody(fun.asByteBuffer(), new Atom[] {module, node});
        assertThat(decoded).isEqualTo(expected);
        assertThat(TermEncoder.encode(decoded)).isEqualTo(TermEncoder.encode(expected));
    }

    @Test
    void theVersionByteIsRequiredAndTrailingBytesAreAnError() {
        assertRejected("82 6a").hasMessageContaining("expected the version byte 131, got 130");
        assertRejected("").hasMessageContaining("input ends where the version byte should start");
        assertThat(offsetOf(() -> decode("83 6a 6a"))).isEqualTo(2);
        assertRejected("83 6a 6a").hasMessageContaining("1 bytes follow the term");
    }

    @Test
    void truncationsAreReportedAtTheTermThatWasCut() {
        assertRejected("83 68 02 62 00 00").hasMessageContaining("INTEGER_EXT (98) is cut short: it needs 4 more bytes at offset 4, but 2 remain at offset 3");
        assertRejected("83 68 02 61 01").hasMessageContaining("input ends where a term should start at offset 5");
        assertRejected("83 6d 00 00 10 00 01 02").hasMessageContaining("BINARY_EXT (109) is cut short");
    }

    @Test
    void containersClaimingMoreElementsThanBytesRemainAreRejectedBeforeAllocating() {
        assertRejected("83 6c 7f ff ff ff 6a 6a 6a 6a 6a").hasMessageContaining("declares 2147483647 elements, but only 5 bytes remain");
        assertRejected("83 69 ff ff ff ff 6a").hasMessageContaining("declares 4294967295 elements");
        assertRejected("83 74 ff ff ff ff 6a").hasMessageContaining("MAP_EXT (116) declares");
        // The inner list could fit the input alone, but not together with the outer tuple's remaining element.
        assertRejected("83 68 02 6c 00 00 00 03 6a 6a 6a 6a").hasMessageContaining("and 1 terms of enclosing containers");
    }

    @Test
    void nestingIsBoundedWithoutUsingTheThreadStack() throws TermDecodeException {
        byte[] deep = nestedTuples(1_000_000);
        assertThatThrownBy(() -> decoder.decode(deep)).hasMessageContaining("nest deeper than the limit of 2000");
        assertThat(offsetOf(() -> decoder.decode(deep))).isEqualTo(1 + 2 * 2000);

        TermDecoder shallow = TermDecoder.builder().maxDepth(3).build();
        assertThat(shallow.decode(nestedTuples(3))).isInstanceOf(Tuple.class);
        assertThatThrownBy(() -> shallow.decode(nestedTuples(4))).hasMessageContaining("limit of 3");
    }

    @Test
    void theDepthLimitStopsAt2000WhereTheModelsRecursiveMethodsAreStillSafe() throws TermDecodeException {
        assertThatThrownBy(() -> TermDecoder.builder().maxDepth(2001)).isInstanceOf(IllegalArgumentException.class);
        // Map keys nested to the limit are compared for duplicates, recursively, on a default-sized stack.
        Term deepA = Atom.OK;
        Term deepB = Atom.ERROR;
        for (int i = 0; i < 1998; i++) {
            deepA = Term.tuple(deepA);
            deepB = Term.tuple(deepB);
        }
        Term map = ErlMap.of(deepA, Atom.TRUE, deepB, Atom.FALSE);
        assertThat(decoder.decode(TermEncoder.encode(map))).isEqualTo(map);
    }

    @Test
    void termsNestedAroundTheRecursionLimitDecodeToThemselvesWithinTheDepthLimit() throws TermDecodeException {
        // The first levels are read by recursion, deeper ones on the decoder's stack: the depth
        // limit must count both, whichever kind of container sits at each level.
        for (int levels = 1; levels <= 20; levels++) {
            for (int shape = 0; shape < 5; shape++) {
                Term term = Atom.OK;
                for (int level = 0; level < levels; level++) {
                    term = switch ((level + shape) % 5) {
                        case 0 -> Term.tuple(Atom.TRUE, term, Term.integer(level));
                        case 1 -> Term.list(term, Term.binary("after"));
                        case 2 -> ErlMap.of(Atom.ERROR, Term.integer(level), Term.integer(-level), term);
                        case 3 -> ErlMap.of(term, Atom.FALSE);
                        default -> Term.tuple(term);
                    };
                }
                byte[] bytes = TermEncoder.encode(term);
                assertThat(decoder.decode(bytes)).isEqualTo(term);
                assertThat(TermDecoder.builder().maxDepth(levels).build().decode(bytes)).isEqualTo(term);
                if (levels > 1) {
                    TermDecoder shallower = TermDecoder.builder().maxDepth(levels - 1).build();
                    assertThatThrownBy(() -> shallower.decode(bytes)).hasMessageContaining("limit of " + (levels - 1));
                }
            }
        }
    }

    @Test
    void termsNestedToTheDepthLimitDecodeOnASmallThreadStack() throws Exception {
        Term deep = Term.nil();
        for (int i = 0; i < TermDecoder.MAX_DEPTH_LIMIT - 1; i++) {
            deep = i % 3 == 0 ? Term.tuple(deep) : i % 3 == 1 ? Term.list(deep, Atom.OK) : ErlMap.of(Atom.OK, deep);
        }
        byte[] bytes = TermEncoder.encode(deep);
        Object[] result = new Object[1];
        // A 128 KiB stack: the decoder recurses only for its first few levels.
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = decoder.decode(bytes);
            } catch (Throwable t) {
                result[0] = t;
            }
        }, "small-stack", 128 * 1024);
        thread.start();
        assertThat(thread.join(Duration.ofSeconds(60))).as("decoded within a minute").isTrue();
        assertThat(result[0]).isInstanceOf(Term.class);
        // Compared by encoding: equals recurses once per level.
        assertThat(TermEncoder.encode((Term) result[0])).isEqualTo(bytes);
    }

    @Test
    void aReusableDecoderGoesOnAfterAFailedDecode() throws TermDecodeException {
        ReusableTermDecoder reusable = TermDecoder.builder().maxDepth(50).build().reusable();
        Term map = ErlMap.of(atom("tags"), Term.list(atom("alpha"), Term.tuple(atom("beta"), Term.integer(7))));
        byte[] mapBytes = TermEncoder.encode(map);
        // Fails 50 containers deep, with containers open on the decoder's stack.
        assertThatThrownBy(() -> reusable.decode(ByteBuffer.wrap(nestedTuples(60)))).hasMessageContaining("limit of 50");
        assertThat(reusable.decode(ByteBuffer.wrap(mapBytes))).isEqualTo(map);
        // Cut short inside the nested tuple, then the whole term again.
        assertThatThrownBy(() -> reusable.decode(ByteBuffer.wrap(mapBytes, 0, mapBytes.length - 2)))
                .isInstanceOf(TermDecodeException.class);
        ByteBuffer two = ByteBuffer.allocate(2 * mapBytes.length).put(mapBytes).put(mapBytes).flip();
        assertThat(reusable.decode(two)).isEqualTo(map);
        assertThat(reusable.decode(two)).isEqualTo(map);
        assertThat(two.hasRemaining()).isFalse();
    }

    private static byte[] nestedTuples(int depth) {
        byte[] bytes = new byte[1 + 2 * depth + 1];
        bytes[0] = (byte) 131;
        for (int i = 0; i < depth; i++) {
            bytes[1 + 2 * i] = (byte) EtfTag.SMALL_TUPLE_EXT;
            bytes[2 + 2 * i] = 1;
        }
        bytes[bytes.length - 1] = (byte) EtfTag.NIL_EXT;
        return bytes;
    }

    @Test
    void largeBinariesShareTheInputAndSmallOnesAreCopied() throws TermDecodeException {
        byte[] large = TermEncoder.encode(Term.tuple(Term.binary(new byte[64]), Term.binary(new byte[63])));
        Tuple tuple = (Tuple) decoder.decode(large);
        assertThat(((Binary) tuple.get(0)).array()).isSameAs(large);
        assertThat(((Binary) tuple.get(1)).array()).isNotSameAs(large);

        TermDecoder copying = TermDecoder.builder().minSharedBinarySize(Integer.MAX_VALUE).build();
        assertThat(((Binary) ((Tuple) copying.decode(large)).get(0)).array()).isNotSameAs(large);

        ByteBuffer heap = ByteBuffer.wrap(large);
        assertThat(((Binary) ((Tuple) decoder.decode(heap)).get(0)).array()).isSameAs(large);
    }

    @Test
    void buffersAdvancePastTheTermOnlyOnSuccessAndReportIndexesIntoTheBuffer() throws TermDecodeException {
        byte[] array = Hex.bytes("ff ff 83 61 01 83 62 00");
        ByteBuffer buffer = ByteBuffer.wrap(array, 2, 6).slice(); // arrayOffset 2, position 0
        assertThat(decoder.decode(buffer)).isEqualTo(Term.integer(1));
        assertThat(buffer.position()).isEqualTo(3);
        TermDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(TermDecodeException.class, () -> decoder.decode(buffer));
        assertThat(e.offset()).isEqualTo(4);
        assertThat(buffer.position()).isEqualTo(3);

        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(array).position(5);
        TermDecodeException fromDirect = org.junit.jupiter.api.Assertions.assertThrows(TermDecodeException.class, () -> decoder.decode(direct));
        assertThat(fromDirect.offset()).isEqualTo(6);
        assertThat(direct.position()).isEqualTo(5);
    }

    @Test
    void oneDecoderServesManyThreadsWhoseAtomsCompeteForItsCache() throws Exception {
        TermDecoder shared = TermDecoder.builder().build();
        int threads = 4;
        List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers.add(Thread.ofPlatform().start(() -> {
                // 5000 distinct atoms per thread, far more than the cache's slots, in UTF-8 and Latin-1.
                for (int i = 0; i < 20_000; i++) {
                    String name = "w" + worker + "_é" + (i % 5000);
                    Atom atom = Term.atom(name);
                    byte[] utf8 = TermEncoder.encode(atom);
                    byte[] latin1 = latin1AtomExt(name);
                    try {
                        if (!shared.decode(utf8).equals(atom) || !shared.decode(latin1).equals(atom)) {
                            failures.add(name);
                        }
                    } catch (TermDecodeException e) {
                        failures.add(name + ": " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
    }

    private static byte[] latin1AtomExt(String name) {
        byte[] text = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[4 + text.length];
        bytes[0] = (byte) 131;
        bytes[1] = (byte) EtfTag.ATOM_EXT;
        bytes[3] = (byte) text.length;
        System.arraycopy(text, 0, bytes, 4, text.length);
        return bytes;
    }

    @Test
    void theSameAtomDecodesToTheSameInstance() throws TermDecodeException {
        Term first = decode("83 77 05 68 65 6c 6c 6f");
        Term again = decode("83 64 00 05 68 65 6c 6c 6f");
        assertThat(again).isSameAs(first).isSameAs(atom("hello"));
    }
}
