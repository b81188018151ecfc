package io.beamlink.cli;

import static io.beamlink.term.Term.atom;
import static io.beamlink.term.Term.tuple;
import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Binary;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.TermEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TermCommandTest {
    private static final Term SAMPLE = tuple(atom("hello"), atom("from"), new Pid(atom("a@b"), 113, 0, 3),
            ErlMap.of(atom("a"), Binary.utf8("bin")));

    @Test
    void decodePrintsTheTermInErlangSyntax() {
        CommandRun run = CommandRun.of(TermEncoder.encode(SAMPLE), "term", "decode");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdoutText()).isEqualTo("{hello,from,<1.113.0>,#{a => <<\"bin\">>}}\n");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void decodeWithALocalNodeOrExactlyShowsTheNode() {
        assertThat(CommandRun.of(TermEncoder.encode(SAMPLE), "term", "decode", "--local-node", "a@b").stdoutText())
                .isEqualTo("{hello,from,<0.113.0>,#{a => <<\"bin\">>}}\n");
        assertThat(CommandRun.of(TermEncoder.encode(SAMPLE), "term", "decode", "--exact").stdoutText())
                .isEqualTo("{hello,from,<'a@b'.113.0.3>,#{a => <<\"bin\">>}}\n");
    }

    @Test
    void decodeReadsCompressedInputAndHonoursTheUnicodeRange() {
        Term text = io.beamlink.term.ErlList.charlist("日本".repeat(50));
        byte[] compressed = TermEncoder.encodeCompressed(text, 9);
        assertThat(compressed[1]).isEqualTo((byte) 80);
        assertThat(CommandRun.of(compressed, "term", "decode").stdoutText()).startsWith("[26085,26412,");
        assertThat(CommandRun.of(compressed, "term", "decode", "--unicode").stdoutText())
                .isEqualTo("\"" + "日本".repeat(50) + "\"\n");
    }

    @Test
    void decodeOfBadBytesFailsWithTheReason() {
        CommandRun run = CommandRun.of(new byte[] {(byte) 131, 104}, "term", "decode");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("beamlink term decode: ").contains("offset");
        CommandRun empty = CommandRun.of(new byte[0], "term", "decode");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stderr()).isEqualTo("beamlink term decode: no input; pipe the bytes of one term_to_binary"
                + " result into standard input\n");
    }

    @Test
    void encodeWritesTheBytesOfTermToBinary() throws Exception {
        CommandRun run = CommandRun.of("% a comment\n{hello, from, <'a@b'.113.0.3>, #{a => <<\"bin\">>}}.\n", "term", "encode");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(TermEncoder.encode(SAMPLE));
        assertThat(TermDecoder.standard().decode(run.stdout())).isEqualTo(SAMPLE);
    }

    @Test
    void encodeCompressesOnRequest() throws Exception {
        String text = "\"" + "a".repeat(1000) + "\"";
        CommandRun defaultLevel = CommandRun.of(text, "term", "encode", "--compressed");
        assertThat(defaultLevel.exitCode()).isZero();
        assertThat(defaultLevel.stdout()[1]).isEqualTo((byte) 80);
        assertThat(defaultLevel.stdout().length).isLessThan(100);
        assertThat(TermDecoder.standard().decode(defaultLevel.stdout())).isEqualTo(io.beamlink.term.ErlList.charlist("a".repeat(1000)));
        CommandRun level1 = CommandRun.of(text, "term", "encode", "--compressed=1");
        assertThat(level1.stdout()).isEqualTo(TermEncoder.encodeCompressed(io.beamlink.term.ErlList.charlist("a".repeat(1000)), 1));
        CommandRun badLevel = CommandRun.of(text, "term", "encode", "--compressed=10");
        assertThat(badLevel.exitCode()).isEqualTo(2);
        assertThat(badLevel.stderr()).contains("--compressed takes a level from 0 to 9, not 10");
    }

    @Test
    void encodeOfBadTextFailsWithLineAndColumn() {
        CommandRun run = CommandRun.of("{a,\n b c}", "term", "encode");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("beamlink term encode: expected ',' or '}' in the tuple, found 'c'"
                + " at line 2, column 4\n");
    }

    @Test
    void hexLinesDecodeOneByOneAndBadLinesGiveErrorLinesInPlace() {
        String input = hex(TermEncoder.encode(atom("one"))) + "\n"
                + "zz\n"
                + HexFormat.of().withUpperCase().formatHex(TermEncoder.encode(SAMPLE)) + "\r\n"
                + "\n"
                + "8368\n"
                + hex(TermEncoder.encode(Binary.utf8("last"))) + "\n";
        CommandRun run = CommandRun.of(input, "term", "decode", "--hex");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutText().split("\n", -1)).containsExactly(
                "one",
                "error: not hexadecimal digits: " + hexError("zz"),
                "{hello,from,<1.113.0>,#{a => <<\"bin\">>}}",
                "error: empty line; each line must hold one term",
                run.stdoutText().split("\n")[4],
                "<<\"last\">>",
                "");
        assertThat(run.stdoutText().split("\n")[4]).startsWith("error: ").contains("offset");
        assertThat(run.stderr()).isEqualTo("beamlink term decode: 3 of 6 lines failed (the first is line 2;"
                + " see its 'error:' line on standard output)\n");
    }

    @Test
    void hexLinesEncodeOneByOne() throws Exception {
        CommandRun run = CommandRun.of("ok.\n{1, 2\n[1.5, \"x\"]\n", "term", "encode", "--hex");
        assertThat(run.exitCode()).isEqualTo(1);
        String[] lines = run.stdoutText().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(hex(TermEncoder.encode(atom("ok"))));
        assertThat(lines[1]).isEqualTo("error: expected ',' or '}' in the tuple, found end of input at line 1, column 6");
        assertThat(TermDecoder.standard().decode(HexFormat.of().parseHex(lines[2])))
                .isEqualTo(io.beamlink.term.TermParser.parse("[1.5, \"x\"]"));
        assertThat(run.stderr()).startsWith("beamlink term encode: 1 of 3 lines failed");
    }

    @Test
    void allLinesGoodMeansExitZeroAndNothingOnStandardError() {
        CommandRun run = CommandRun.of("a\nb\n", "term", "encode", "--hex", "--compressed");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        CommandRun back = CommandRun.of(run.stdout(), "term", "decode", "--hex");
        assertThat(back.stdoutText()).isEqualTo("a\nb\n");
        assertThat(back.exitCode()).isZero();
    }

    @Test
    void helpExplainsModesErrorsAndExitCodes() {
        // picocli warns on the process's standard error about descriptions it cannot format (a stray %).
        PrintStream processErr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            helpTexts();
        } finally {
            System.setErr(processErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void helpTexts() {
        CommandRun decodeHelp = CommandRun.of("", "term", "decode", "--help");
        assertThat(decodeHelp.stdoutText()).contains("--hex", "--exact", "--unicode", "--local-node", "--line-buffered",
                "'error: <why>'", "Exit codes: 0 all input decoded, 1 some input could not be decoded");
        CommandRun encodeHelp = CommandRun.of("", "term", "encode", "--help");
        assertThat(encodeHelp.stdoutText()).contains("--compressed[=LEVEL]", "--hex", "<'a@host'.113.0.3>",
                "% comments", "Exit codes");
        CommandRun termHelp = CommandRun.of("", "term");
        assertThat(termHelp.stdoutText()).contains("decode", "encode", "External Term Format",
                "prints e.g. {hello,from,<0.113.0>}\n");
        assertThat(CommandRun.of("", "--help").stdoutText()).contains("term");
        assertThat(decodeHelp.stderr() + encodeHelp.stderr() + termHelp.stderr()).isEmpty();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String hexError(String text) {
        try {
            HexFormat.of().parseHex(text);
            throw new AssertionError("valid hex: " + text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
