package io.beamlink.cli;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.management.NodeManagement;
import io.beamlink.shell.InteractiveShell;
import io.beamlink.shell.ScriptedShell;
import io.beamlink.shell.ShellSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beamlink shell}: an erl-like console on a live Beamlink node. Interactive on a
 * terminal; with {@code -e} or piped input it evaluates and prints each result, and exits
 * non-zero when an expression failed. The node is published over JMX while the shell runs.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An Erlang shell on a Beamlink node: node(), nodes(), net_adm:ping/1, register/2, Pid ! Msg,"
                + " flush(), rpc:call/4, inet:i(), sys:get_state(net_kernel), erlang:trace/3, ... (help() lists them).",
            "Without --sname/--name the node starts undistributed (net_kernel:start/1 names it later)."})
public final class ShellCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    NodeCommand.Naming naming;

    @Mixin
    NodeOptions options;

    @Option(names = "-e", paramLabel = "EXPR",
            description = "Evaluate EXPR and print its value (repeatable, in order); no interactive shell.")
    List<String> expressions = new ArrayList<>();

    @Option(names = "--history", paramLabel = "FILE",
            description = "Line history of the interactive shell (default: ~/.beamlink_shell_history).")
    Path history;

    private final ProcessStreams streams;

    public ShellCommand() {
        this(ProcessStreams.system());
    }

    ShellCommand(ProcessStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws Exception {
        boolean interactive = expressions.isEmpty() && streams.isInteractive();
        if (!interactive) {
            // Script output is the values only; the node's lifecycle is not news there.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        NodeConfig config = options.toConfig(naming == null ? null : naming.toNodeName()).build();
        try (Node node = Node.start(config); NodeManagement jmx = NodeManagement.register(node)) {
            if (!interactive) {
                try (ShellSession session = new ShellSession(node, streams.out(), jmx::refresh)) {
                    return expressions.isEmpty() ? ScriptedShell.runInput(session, streams.in())
                            : ScriptedShell.runExpressions(session, expressions);
                }
            }
            try (Terminal terminal = InteractiveShell.systemTerminal()) {
                PrintStream out = InteractiveShell.output(terminal);
                out.println("Beamlink shell on " + node.name().name() + " (help() lists the functions, q() quits)");
                try (ShellSession session = new ShellSession(node, out, jmx::refresh)) {
                    return InteractiveShell.run(session, terminal, historyFile());
                }
            }
        }
    }

    private Path historyFile() {
        return history != null ? history : Path.of(System.getProperty("user.home"), ".beamlink_shell_history");
    }
}
