package io.beamlink.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code beamlink} command; each subcommand is its own class. */
@Command(
        name = "beamlink",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        // Every subcommand's -h and -V then work, with the same version text.
        scope = CommandLine.ScopeType.INHERIT,
        description = "Erlang distribution for the JVM: terms, epmd, nodes and tools.",
        subcommands = {
            VersionCommand.class,
            NodeCommand.class,
            PingCommand.class,
            EpmdCommand.class,
            TermCommand.class,
            BenchCommand.class,
            ShellCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class BeamlinkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine(ProcessStreams streams) {
        CommandLine commandLine = new CommandLine(new BeamlinkCommand(), streams.commandFactory());
        // ping always runs as a hidden node: the shared node options' --hidden would change nothing there.
        CommandLine.Model.CommandSpec ping = commandLine.getSubcommands().get("ping").getCommandSpec();
        ping.remove(ping.findOption("--hidden"));
        if (!streams.isSystem()) {
            commandLine.setOut(new PrintWriter(new OutputStreamWriter(streams.out(), StandardCharsets.UTF_8), true));
            commandLine.setErr(new PrintWriter(new OutputStreamWriter(streams.err(), StandardCharsets.UTF_8), true));
        }
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
