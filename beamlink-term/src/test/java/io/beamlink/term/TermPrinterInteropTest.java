package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.testkit.OtpPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The printer against a real {@code erl}: thousands of random terms made in the peer, sent
 * through {@code term_to_binary}, decoded and printed here, must read exactly as the peer's
 * {@code io_lib:format("~0tp", [T])}, in both printable ranges; and the parser must read
 * erl's text back as the same term (where the text carries the whole term: no pids, ports,
 * references or local funs).
 */
class TermPrinterInteropTest {
    private static final int TERMS = 3000;

    @Test
    void randomTermsPrintAsErlPrintsThemInTheLatin1Range() throws Exception {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            assertPrintsLikeErl(peer, TermPrinter.builder().build(), 1);
        }
    }

    @Test
    void randomTermsPrintAsErlPrintsThemInTheUnicodeRange() throws Exception {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().args("+pc", "unicode").start()) {
            assertThat(peer.eval("io:printable_range()")).isEqualTo("unicode");
            assertPrintsLikeErl(peer, TermPrinter.builder().printableRange(PrintableRange.UNICODE).build(), 2);
        }
    }

    @Test
    void randomFloatsPrintAsErlPrintsThem() {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            byte[] lines = peer.evalBinary("""
                    rand:seed(exsss, 7),
                    Floats = [F || _ <- lists:seq(1, 20000),
                                   <<F:64/float>> <- [<<(rand:uniform(1 bsl 64) - 1):64>>]],
                    Tens = [math:pow(10, E) * M || E <- lists:seq(-20, 22), M <- [1.0, 1.5, 9.999, 0.3]],
                    iolist_to_binary([[integer_to_list(Bits, 16), $\\t, io_lib:format("~p", [F]), $\\n]
                                      || F <- Floats ++ Tens, <<Bits:64>> <- [<<F:64/float>>]])
                    """);
            List<String> mismatches = new ArrayList<>();
            int compared = 0;
            for (String line : new String(lines, StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.split("\t");
                double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                String ours = TermPrinter.print(new ErlFloat(value));
                if (!ours.equals(parts[1])) {
                    mismatches.add("erl " + parts[1] + " but Beamlink " + ours);
                }
                compared++;
            }
            assertThat(compared).isGreaterThan(19_000);
            assertThat(mismatches).isEmpty();
        }
    }

    private static void assertPrintsLikeErl(OtpPeer peer, TermPrinter printer, int seed) throws Exception {
        peer.eval(generator());
        byte[] lines = peer.evalBinary("""
                unicode:characters_to_binary([[binary:encode_hex(term_to_binary(T)), $\\t, io_lib:format("~0tp", [T]), $\\n]
                                              || T <- RandomTerms(%d, %d)])
                """.formatted(seed, TERMS));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int parsed = 0;
        for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            Term term = TermDecoder.standard().decode(HexFormat.of().parseHex(line.substring(0, tab)));
            String erl = line.substring(tab + 1);
            String ours = printer.format(term);
            if (!ours.equals(erl)) {
                mismatches.add("erl " + erl + "\n  but Beamlink " + ours);
            }
            if (!Identifiers.occurIn(term)) {
                Term read = TermParser.parse(erl);
                if (!read.equals(term)) {
                    mismatches.add("erl " + erl + "\n  parses as " + TermPrinter.exact().format(read));
                }
                parsed++;
            }
            compared++;
        }
        assertThat(compared).isEqualTo(TERMS);
        assertThat(parsed).isGreaterThan(TERMS / 3);
        assertThat(mismatches).isEmpty();
    }

    private static String generator() throws IOException {
        try (InputStream in = TermPrinterInteropTest.class.getResourceAsStream("random_terms.erl-exprs")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
