package io.beamlink.cli;

import io.beamlink.term.Atom;
import io.beamlink.term.PrintableRange;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecodeException;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.TermPrinter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beamlink term decode}: External Term Format in, Erlang syntax out. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Read one term in the External Term Format (the bytes of term_to_binary, starting with 131,"
                + " compressed or not) from standard input and print it in Erlang syntax, as erl shows it"
                + " (io_lib:format(\"~0tp\")): {hello,from,<0.113.0>}, #{a => 1}, <<\"bin\">>.",
            "",
            "With --hex, every input line is one term as hexadecimal digits, and every output line is the"
                + " text of that term, or 'error: <why>' when the line is not a valid term; the other lines"
                + " are still decoded. Standard error then gets a summary and the exit code is 1.",
            "",
            "Pids, ports and references of the --local-node print with 0 as node number, as erl prints"
                + " its own; other nodes get 1, 2, 3... in the order they appear. --exact prints node names"
                + " and creations instead, in a form 'beamlink term encode' reads back exactly.",
            "",
            "Exit codes: 0 all input decoded, 1 some input could not be decoded, 2 bad command line."})
public final class TermDecodeCommand implements Callable<Integer> {
    private static final String NAME = "beamlink term decode";

    @Option(names = "--hex", description = "Line mode: each input line is one hex-encoded term; each output line one text.")
    boolean hex;

    @Option(names = "--exact", description = "Print pids, ports, references and funs with node names and creations,"
            + " e.g. <'a@host'.113.0.3>, so that they parse back to the identical term.")
    boolean exact;

    @Option(names = "--unicode", description = "Treat all Unicode characters as printable in strings and binaries,"
            + " as erl +pc unicode does (default: Latin-1, as erl does).")
    boolean unicode;

    @Option(names = "--local-node", paramLabel = "NODE", defaultValue = "nonode@nohost",
            description = "The node whose pids, ports and references print with node number 0 (default: ${DEFAULT-VALUE}).")
    String localNode;

    @Option(names = "--line-buffered", description = "With --hex, flush every output line at once (automatic on a terminal).")
    boolean lineBuffered;

    private final ProcessStreams streams;

    TermDecodeCommand(ProcessStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        TermPrinter printer = TermPrinter.builder()
                .exact(exact)
                .printableRange(unicode ? PrintableRange.UNICODE : PrintableRange.LATIN1)
                .localNode(Atom.of(localNode))
                .build();
        Writer out = new BufferedWriter(new OutputStreamWriter(streams.out(), StandardCharsets.UTF_8), 1 << 16);
        if (hex) {
            BufferedReader in = new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8), 1 << 16);
            LineByLine.Outcome outcome = LineByLine.run(in, out, lineBuffered || streams.isInteractive(),
                    line -> printer.format(decode(hexBytes(line))));
            if (outcome.failures() > 0) {
                streams.err().println(LineByLine.summary(NAME, outcome));
                return 1;
            }
            return 0;
        }
        byte[] input = streams.in().readAllBytes();
        try {
            if (input.length == 0) {
                throw new BadInputException("no input; pipe the bytes of one term_to_binary result into standard input");
            }
            out.write(printer.format(decode(input)));
            out.write('\n');
            out.flush();
            return 0;
        } catch (BadInputException e) {
            streams.err().println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    private static Term decode(byte[] bytes) throws BadInputException {
        try {
            return TermDecoder.standard().decode(bytes);
        } catch (TermDecodeException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static byte[] hexBytes(String line) throws BadInputException {
        try {
            return HexFormat.of().parseHex(line.strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("not hexadecimal digits: " + e.getMessage());
        }
    }
}
