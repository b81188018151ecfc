package io.beamlink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code beamlink} command; each subcommand is its own class. */
@Command(
        name = "beamlink",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Erlang distribution for the JVM: terms, epmd, nodes and tools.",
        subcommands = {
            VersionCommand.class,
            NodeCommand.class,
            PingCommand.class,
            EpmdCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class BeamlinkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        return new CommandLine(new BeamlinkCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
