package io.beamlink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code beamlink term}: converts terms between the External Term Format and Erlang syntax. */
@Command(name = "term", mixinStandardHelpOptions = true,
        description = {"Convert terms between the External Term Format (term_to_binary bytes) and Erlang syntax.",
            "",
            "  beamlink term decode < term.bin        prints e.g. {hello,from,<0.113.0>}",
            "  echo '{a, <<\"b\">>}.' | beamlink term encode > term.bin",
            "  beamlink term decode --hex < in.hex    a hex term per line in, a text out",
            "",
            "With --hex, a line that cannot be converted gives the line 'error: <why>' in its place on"
                + " standard output, the other lines are still converted, a summary goes to standard error"
                + " and the exit code is 1."},
        subcommands = {TermDecodeCommand.class, TermEncodeCommand.class})
public final class TermCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
