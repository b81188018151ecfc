package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against real OTP nodes, one long-lived named peer per release: terms OTP makes
 * survive Beamlink's decoding and re-encoding, and terms Beamlink makes decode in OTP to the
 * same terms.
 */
class TermCodecInteropTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final long RANDOM_TERMS_SEED = 7_2024_0611L;
    private static final int RANDOM_TERM_COUNT = 300;
    private static final HexFormat HEX = HexFormat.of();
    /** Generous: the peers parse megabytes of evaluated text, and CI machines are shared. */
    private static final Duration PEER_TIMEOUT = Duration.ofMinutes(3);
    private static final int BINARIES_PER_EVAL = 25;

    private final TermDecoder decoder = TermDecoder.standard();

    /**
     * Binds {@code Terms} in the peer: every term type, made by the live node (its pids, ports,
     * references and funs carry its real node name and creation), plus identifiers of another node.
     */
    private static final String OTP_TERMS = """
            Y = {captured, [1, 2, 3], <<"env">>},
            Self = self(),
            Big = list_to_integer(lists:duplicate(1000, $7)),
            Remote = <<119, 12, "other@remote">>,
            Edges = lists:append([[X - 2, X - 1, X, X + 1, X + 2] || B <- [31, 32, 63, 64], X <- [1 bsl B, -(1 bsl B)]]),
            Small = Edges ++ [0, 1, 255, 256, -1, -256,
                0.0, -0.0, 1.0, -1.0, 1.0e300, -1.0e300, 5.0e-324, 2.2250738585072014e-308, 1.7976931348623157e308, math:pi(),
                '', ok, true, 'hello world', 'héllo', '日本語', 'it\\'s', list_to_atom(lists:duplicate(255, $a)),
                list_to_atom(lists:duplicate(255, 16#1F600)),
                [], [1, 2, 3], "hello", "日本語", [1000, 2000], [a | b], [1, 2 | 3], [[[]]], [[1], [2, [3]]], lists:seq(1, 300),
                {}, {a}, {a, b, c}, {{{{deep}}}},
                #{}, #{a => 1}, #{1 => a, 1.0 => b}, maps:from_list([{K, K * K} || K <- lists:seq(1, 33)]),
                #{#{nested => map} => [#{}], [list] => {tuple}},
                <<>>, <<1, 2, 3>>, <<1:1>>, <<1:7>>, <<255, 1:3>>, <<"ünicode"/utf8>>,
                binary:part(binary:copy(<<"abc">>, 50), 3, 100), binary:copy(<<"0123456789">>, 100),
                Self, spawn(fun() -> ok end), binary_to_term(<<131, 88, Remote/binary, 42:32, 7:32, 16#6b077ec0:32>>),
                hd(erlang:ports()), binary_to_term(<<131, 120, Remote/binary, 1:32, 0:32, 9:32>>),
                binary_to_term(<<131, 89, Remote/binary, 5:32, 9:32>>),
                make_ref(), erlang:monitor(process, Self), alias(),
                binary_to_term(<<131, 90, 5:16, Remote/binary, 9:32, 1:32, 2:32, 3:32, 4:32, 5:32>>),
                fun(X) -> X + 1 end, fun(X) -> {X, Y} end, fun() -> Self end, fun lists:map/2, fun erlang:self/0,
                fun 'héllo':'wörld'/3, {Self, make_ref(), [hd(erlang:ports())]}, [{k, Big}, {k2, -0.0}]],
            Large = [Big, -Big, lists:duplicate(65535, 1), lists:duplicate(65536, 1), list_to_tuple(lists:seq(1, 300)),
                maps:from_list([{{key, K, integer_to_binary(K)}, [K]} || K <- lists:seq(1, 100)]),
                binary:copy(<<"x">>, 100000), fun(Z) -> {Z, Big, lists:seq(1, 50)} end],
            Terms = Small ++ Large ++ [{wrapped, T} || T <- Small] ++ [[T | T] || T <- Small] ++ [#{T => T} || T <- Small],
            length(Terms)""";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void termsMadeByOtpSurviveDecodingAndReencoding(OtpRelease release) throws TermDecodeException {
        OtpPeer peer = PEERS.peer(release);
        int count = Integer.parseInt(peer.eval(OTP_TERMS, PEER_TIMEOUT));
        assertThat(count).isGreaterThanOrEqualTo(300);
        // UTF-8 atoms, as the distribution sends them (and OTP 26+ by default); the compressed ones use the
        // release's default, which for OTP 25 is Latin-1 ATOM_EXT.
        List<Binary> plain = binaries(peer.evalTerm("[term_to_binary(T, [{minor_version, 2}]) || T <- Terms]", PEER_TIMEOUT));
        List<Binary> compressed = binaries(peer.evalTerm("[term_to_binary(T, [compressed]) || T <- Terms]", PEER_TIMEOUT));
        assertThat(plain).hasSize(count);
        assertThat(compressed.stream().filter(b -> b.byteAt(1) == EtfTag.COMPRESSED).count())
                .as("terms OTP chose to compress").isGreaterThan(20);

        List<byte[]> reencoded = new ArrayList<>();
        List<byte[]> recompressed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Term term = decoder.decode(plain.get(i).toByteArray());
            byte[] again = TermEncoder.encode(term);
            // OTP 26+ writes every port as V4_PORT_EXT; Beamlink, like OTP 25, uses NEW_PORT_EXT below 2^28.
            if (release.major() < 26 || !containsPort(term)) {
                assertThat(Hex.of(again)).as("term %d, %s, re-encoded", i + 1, term).isEqualTo(Hex.of(plain.get(i).toByteArray()));
            }
            reencoded.add(again);
            recompressed.add(TermEncoder.encodeCompressed(decoder.decode(compressed.get(i).toByteArray()), 6));
        }
        store(peer, "back", reencoded);
        store(peer, "recompressed", recompressed);

        // =:= in OTP before 27 does not tell -0.0 from 0.0; the byte comparison above does.
        assertThat(peer.eval(indexesWhere("(catch binary_to_term(B)) =/= T", "back"), PEER_TIMEOUT))
                .as("indexes of terms that did not come back =:=").isEqualTo("[]");
        assertThat(peer.eval(indexesWhere("(catch binary_to_term(B)) =/= T", "recompressed"), PEER_TIMEOUT))
                .as("indexes of compressed terms that did not come back =:=").isEqualTo("[]");
    }

    private static String indexesWhere(String condition, String storedEncodings) {
        return "[I || {I, T, B} <- lists:zip3(lists:seq(1, length(Terms)), Terms, get(" + storedEncodings + ")), " + condition + "]";
    }

    private static boolean containsPort(Term term) {
        return switch (term) {
            case Port port -> true;
            case Tuple tuple -> tuple.elements().stream().anyMatch(TermCodecInteropTest::containsPort);
            case ErlList list -> list.elements().stream().anyMatch(TermCodecInteropTest::containsPort) || containsPort(list.tail());
            case ErlMap map -> map.entries().entrySet().stream().anyMatch(e -> containsPort(e.getKey()) || containsPort(e.getValue()));
            default -> false;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void termsMadeByBeamlinkDecodeInOtpToTheSameTerms(OtpRelease release) throws TermDecodeException {
        OtpPeer peer = PEERS.peer(release);
        List<Term> terms = RandomTerms.TERMS;
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            encoded.add(i % 2 == 0 ? TermEncoder.encode(terms.get(i)) : TermEncoder.encodeCompressed(terms.get(i), 6));
        }
        store(peer, "sent", encoded);
        // OTP decodes each and encodes it again; a term it cannot decode comes back as {failed, Class, Reason}.
        List<Term> echoed = ((ErlList) decoder.decode(peer.evalTerm(
                "[try term_to_binary(binary_to_term(B), [{minor_version, 2}]) catch C:E -> {failed, C, E} end || B <- get(sent)]",
                PEER_TIMEOUT))).elements();
        assertThat(echoed).hasSize(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            assertThat(echoed.get(i)).as("OTP's answer to term %d, %s", i, terms.get(i)).isInstanceOf(Binary.class);
            Term expected = comparable(terms.get(i), release);
            Term back = comparable(decoder.decode(((Binary) echoed.get(i)).toByteArray()), release);
            assertThat(back).as("term %d as OTP re-encoded it differs at %s", i, firstDifference(expected, back, "top"))
                    .isEqualTo(expected);
        }
    }

    /**
     * The term, with funs spelled out field by field for OTP 27+, which drops a fun's creator pid
     * and re-encodes it with a pid of its own node; everything else must come back exactly.
     */
    private Term comparable(Term term, OtpRelease release) throws TermDecodeException {
        if (release.major() < 27) {
            return term;
        }
        return switch (term) {
            case Fun fun -> funWithoutPid(fun, release);
            case Tuple tuple -> Tuple.of(comparableAll(tuple.elements(), release));
            case ErlList list -> ErlList.of(comparableAll(list.elements(), release), comparable(list.tail(), release));
            case ErlMap map -> {
                Map<Term, Term> entries = new LinkedHashMap<>();
                for (var entry : map.entries().entrySet()) {
                    entries.put(comparable(entry.getKey(), release), comparable(entry.getValue(), release));
                }
                yield ErlMap.of(entries);
            }
            default -> term;
        };
    }

    private List<Term> comparableAll(List<Term> terms, OtpRelease release) throws TermDecodeException {
        List<Term> result = new ArrayList<>(terms.size());
        for (Term term : terms) {
            result.add(comparable(term, release));
        }
        return result;
    }

    /** NEW_FUN_EXT's fields but the pid: Arity, Uniq, Index, Module, OldIndex, OldUniq and the free variables. */
    private Term funWithoutPid(Fun fun, OtpRelease release) throws TermDecodeException {
        ByteBuffer bytes = ByteBuffer.wrap(fun.encoded());
        bytes.position(4);
        int arity = bytes.get() & 0xFF;
        byte[] uniq = new byte[16];
        bytes.get(uniq);
        int index = bytes.getInt();
        int freeCount = bytes.getInt();
        List<Term> fields = new ArrayList<>(List.of(Term.atom("fun"), Term.integer(arity), Term.binary(uniq), Term.integer(index)));
        fields.add(decoder.decodeBody(bytes, null));
        fields.add(decoder.decodeBody(bytes, null));
        fields.add(decoder.decodeBody(bytes, null));
        decoder.decodeBody(bytes, null);
        for (int i = 0; i < freeCount; i++) {
            fields.add(comparable(decoder.decodeBody(bytes, null), release));
        }
        return Tuple.of(fields);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void negativeZeroKeepsItsSignInTheEncodingOfEveryRelease(OtpRelease release) throws TermDecodeException {
        OtpPeer peer = PEERS.peer(release);
        // OTP encodes -0.0 with its sign bit in every release; =:= tells the zeros apart only from OTP 27.
        String expected = release.major() >= 27 ? "{false,false}" : "{true,false}";
        assertThat(peer.eval("{-0.0 =:= 0.0, term_to_binary(-0.0) =:= term_to_binary(0.0)}")).isEqualTo(expected);
        assertThat(decoder.decode(peer.evalTerm("-0.0"))).isEqualTo(Term.floating(-0.0));
        assertThat(peer.eval("binary_to_term(binary:decode_hex(<<\"" + HEX.formatHex(TermEncoder.encode(Term.floating(-0.0)))
                + "\">>)) =:= -0.0 andalso term_to_binary(binary_to_term(binary:decode_hex(<<\""
                + HEX.formatHex(TermEncoder.encode(Term.floating(-0.0))) + "\">>))) =:= term_to_binary(-0.0)")).isEqualTo("true");
    }

    /** Generated once for all releases. */
    private static final class RandomTerms {
        static final List<Term> TERMS = TermArbitraries.samples(RANDOM_TERM_COUNT, RANDOM_TERMS_SEED);
    }

    /** Where two terms first differ, for failure messages that point into large terms. */
    private static String firstDifference(Term expected, Term actual, String path) {
        if (expected.equals(actual)) {
            return null;
        }
        if (expected instanceof Tuple e && actual instanceof Tuple a && e.arity() == a.arity()) {
            for (int i = 0; i < e.arity(); i++) {
                String inner = firstDifference(e.get(i), a.get(i), path + "/" + i);
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (expected instanceof ErlList e && actual instanceof ErlList a && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                String inner = firstDifference(e.get(i), a.get(i), path + "/" + i);
                if (inner != null) {
                    return inner;
                }
            }
            String inner = firstDifference(e.tail(), a.tail(), path + "/tail");
            if (inner != null) {
                return inner;
            }
        }
        if (expected instanceof ErlMap e && actual instanceof ErlMap a && e.size() == a.size()) {
            for (var entry : e.entries().entrySet()) {
                Term other = a.get(entry.getKey());
                if (other != null) {
                    String inner = firstDifference(entry.getValue(), other, path + "/" + entry.getKey());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        }
        return path + ": expected " + expected + " (" + Hex.of(TermEncoder.encode(expected)) + "), got " + actual
                + " (" + Hex.of(TermEncoder.encode(actual)) + ")";
    }

    private List<Binary> binaries(byte[] encodedList) throws TermDecodeException {
        List<Binary> binaries = new ArrayList<>();
        for (Term element : ((ErlList) decoder.decode(encodedList)).elements()) {
            binaries.add((Binary) element);
        }
        return binaries;
    }

    /** Stores the binaries as a list under {@code key} in the peer's process dictionary, a few per evaluation. */
    private static void store(OtpPeer peer, String key, List<byte[]> binaries) {
        peer.eval("put(" + key + ", []), ok");
        for (int from = 0; from < binaries.size(); from += BINARIES_PER_EVAL) {
            StringBuilder list = new StringBuilder("[");
            for (byte[] bytes : binaries.subList(from, Math.min(binaries.size(), from + BINARIES_PER_EVAL))) {
                if (list.length() > 1) {
                    list.append(',');
                }
                list.append("binary:decode_hex(<<\"").append(HEX.formatHex(bytes)).append("\">>)");
            }
            peer.eval("put(" + key + ", get(" + key + ") ++ " + list.append(']') + "), ok", PEER_TIMEOUT);
        }
    }
}
