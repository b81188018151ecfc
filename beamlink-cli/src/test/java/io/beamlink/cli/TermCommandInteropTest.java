package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Term;
import io.beamlink.term.TermDecoder;
import io.beamlink.testkit.OtpPeer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code beamlink term decode --hex} and {@code encode --hex} against a real {@code erl}:
 * thousands of random terms, one per line, through one command run.
 */
class TermCommandInteropTest {
    private static final int TERMS = 4000;

    /** Random terms built from tricky leaves; binds Terms. Local pids, refs, ports and funs only, which erl prints with node 0. */
    private static final String GENERATOR = """
            rand:seed(exsss, 42),
            Leaves = [ok, 'Hello', 'and', '', 'a b', 'a.b', 'Elixir.Foo', true, nil, 'é', 'ß', 'Ä', list_to_atom([26085, 26412]),
                      list_to_atom([97, 1, 127, 128]), 0, -1, 255, 256, 1 bsl 64, -(1 bsl 100), 1.0, 0.1, -0.0, 1.0e300,
                      5.0e-324, 1.0e15, 1.0e16, 123456789.0, 0.0001, 1.5e-5, <<>>, <<"bin">>, <<1, 2, 3>>,
                      <<"héllo"/utf8>>, <<"日本"/utf8>>, <<200, 201>>, <<1, 2:3>>, "abc", "a\\nb\\"", [7], [256], [1000, 2000],
                      [], {}, #{}, self(), make_ref(), hd(erlang:ports()), fun lists:map/2, fun() -> ok end],
            Pick = fun(L) -> lists:nth(rand:uniform(length(L)), L) end,
            Random = fun Random(0) -> Pick(Leaves);
                         Random(D) ->
                             Kids = [Random(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)],
                             case rand:uniform(5) of
                                 1 -> list_to_tuple(Kids);
                                 2 -> Kids;
                                 3 -> Kids ++ Pick([x, <<"t">>, 1]);
                                 4 -> maps:from_list([{K, Random(0)} || K <- Kids]);
                                 5 -> Pick(Leaves)
                             end
                     end,
            Terms = [Random(rand:uniform(4) - 1) || _ <- lists:seq(1, %d)],
            ok
            """.formatted(TERMS);

    @Test
    void decodeHexPrintsEveryLineAsErlPrintsIt() {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            peer.eval(GENERATOR);
            String hexLines = new String(peer.evalBinary(
                    "iolist_to_binary([[binary:encode_hex(term_to_binary(T)), $\\n] || T <- Terms])"), StandardCharsets.US_ASCII);
            String erlLines = new String(peer.evalBinary(
                    "unicode:characters_to_binary([[io_lib:format(\"~0tp\", [T]), $\\n] || T <- Terms])"), StandardCharsets.UTF_8);

            CommandRun run = CommandRun.of(hexLines, "term", "decode", "--hex");

            assertThat(run.exitCode()).isZero();
            assertThat(run.stderr()).isEmpty();
            List<String> ours = List.of(run.stdoutText().split("\n"));
            List<String> erl = List.of(erlLines.split("\n"));
            assertThat(ours).hasSize(TERMS);
            assertThat(mismatches(erl, ours)).isEmpty();
        }
    }

    @Test
    void encodeHexReadsErlsTextBackAsTheTermsErlMeant() throws Exception {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            peer.eval(GENERATOR);
            // Only terms whose text carries them whole: no pids, references, ports or local funs.
            peer.eval("""
                    Whole = fun Whole(T) when is_pid(T); is_reference(T); is_port(T) -> false;
                                Whole(T) when is_function(T) -> erlang:fun_info(T, type) =:= {type, external};
                                Whole(T) when is_tuple(T) -> Whole(tuple_to_list(T));
                                Whole(T) when is_map(T) -> Whole(maps:to_list(T));
                                Whole([H | T]) -> Whole(H) andalso Whole(T);
                                Whole(_) -> true
                            end,
                    Plain = [T || T <- Terms, Whole(T)], ok""");
            String textLines = new String(peer.evalBinary(
                    "unicode:characters_to_binary([[io_lib:format(\"~0tp\", [T]), $\\n] || T <- Plain])"), StandardCharsets.UTF_8);
            String hexLines = new String(peer.evalBinary(
                    "iolist_to_binary([[binary:encode_hex(term_to_binary(T)), $\\n] || T <- Plain])"), StandardCharsets.US_ASCII);

            CommandRun run = CommandRun.of(textLines, "term", "encode", "--hex");

            assertThat(run.exitCode()).isZero();
            String[] ours = run.stdoutText().split("\n");
            String[] erl = hexLines.split("\n");
            assertThat(ours).hasSameSizeAs(erl);
            assertThat(erl.length).isGreaterThan(TERMS / 3);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < erl.length; i++) {
                Term expected = TermDecoder.standard().decode(HexFormat.of().parseHex(erl[i]));
                Term actual = TermDecoder.standard().decode(HexFormat.of().parseHex(ours[i]));
                if (!actual.equals(expected)) {
                    mismatches.add("line " + (i + 1) + ": " + textLines.split("\n")[i]);
                }
            }
            assertThat(mismatches).isEmpty();
            // And erl agrees: binary_to_term of our bytes equals its own term, every line.
            peer.eval("Ours = [binary_to_term(binary:decode_hex(L)) || L <- binary:split(<<\""
                    + run.stdoutText().replace("\n", "\\n") + "\">>, <<\"\\n\">>, [global, trim])], ok");
            assertThat(peer.eval("Ours =:= Plain")).isEqualTo("true");
        }
    }

    private static List<String> mismatches(List<String> erl, List<String> ours) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < Math.min(erl.size(), ours.size()); i++) {
            if (!erl.get(i).equals(ours.get(i))) {
                found.add("line " + (i + 1) + ": erl " + erl.get(i) + "\n  but Beamlink " + ours.get(i));
            }
        }
        return found;
    }
}
