package io.beamlink.cli;

import io.beamlink.term.Term;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.TermParseException;
import io.beamlink.term.TermParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beamlink term encode}: Erlang syntax in, External Term Format out. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Read one term in Erlang syntax from standard input (a final '.' is allowed, as are"
                + " %% comments) and write its External Term Format bytes to standard output, as"
                + " term_to_binary does: {ok, [1, 2.5, \"text\", <<\"bin\">>, #{k => v}]}.",
            "",
            "Pids, ports, references and funs are read in the exact form that 'beamlink term decode --exact'"
                + " prints, e.g. <'a@host'.113.0.3>; fun Module:Function/Arity as in Erlang.",
            "",
            "With --hex, every input line is one term in Erlang syntax, and every output line is its encoding"
                + " as hexadecimal digits, or 'error: <why>' (with line and column) when the line is not a"
                + " term; the other lines are still encoded. Standard error then gets a summary and the exit"
                + " code is 1.",
            "",
            "Exit codes: 0 all input encoded, 1 some input could not be encoded, 2 bad command line."})
public final class TermEncodeCommand implements Callable<Integer> {
    private static final String NAME = "beamlink term encode";
    private static final int DEFAULT_COMPRESSION = 6;

    @Option(names = "--hex", description = "Line mode: each input line is one term; each output line its encoding in hex.")
    boolean hex;

    @Option(names = "--compressed", arity = "0..1", paramLabel = "LEVEL", fallbackValue = "" + DEFAULT_COMPRESSION,
            description = "Compress as term_to_binary(T, [{compressed, LEVEL}]) does, LEVEL 0..9 (default "
                    + DEFAULT_COMPRESSION + "); terms too small to gain stay uncompressed, as in OTP.")
    Integer compression;

    @Option(names = "--line-buffered", description = "With --hex, flush every output line at once (automatic on a terminal).")
    boolean lineBuffered;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ProcessStreams streams;

    TermEncodeCommand(ProcessStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        if (compression != null && (compression < 0 || compression > 9)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--compressed takes a level from 0 to 9, not " + compression);
        }
        if (hex) {
            BufferedReader in = new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8), 1 << 16);
            Writer out = new BufferedWriter(new OutputStreamWriter(streams.out(), StandardCharsets.US_ASCII), 1 << 16);
            LineByLine.Outcome outcome = LineByLine.run(in, out, lineBuffered || streams.isInteractive(),
                    line -> HexFormat.of().formatHex(encode(parse(line))));
            if (outcome.failures() > 0) {
                streams.err().println(LineByLine.summary(NAME, outcome));
                return 1;
            }
            return 0;
        }
        String text = new String(streams.in().readAllBytes(), StandardCharsets.UTF_8);
        try {
            byte[] bytes = encode(parse(text));
            streams.out().write(bytes);
            streams.out().flush();
            return 0;
        } catch (BadInputException e) {
            streams.err().println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    private static Term parse(String text) throws BadInputException {
        try {
            return TermParser.parse(text);
        } catch (TermParseException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private byte[] encode(Term term) {
        return compression == null ? TermEncoder.encode(term) : TermEncoder.encodeCompressed(term, compression);
    }
}
