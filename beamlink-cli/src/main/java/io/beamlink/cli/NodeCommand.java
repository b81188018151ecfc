package io.beamlink.cli;

import io.beamlink.Node;
import io.beamlink.node.NodeName;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beamlink node}: runs a named node until it is stopped, so Erlang nodes can connect to it. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a Beamlink node until stopped (Ctrl-C or SIGTERM: it unregisters and closes its"
                + " connections cleanly).", "Erlang nodes can then connect to it, ping it and send to its"
                + " registered processes."})
public final class NodeCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Naming naming;

    @Mixin
    NodeOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --sname} or {@code --name}, exactly one. */
    static final class Naming {
        @Option(names = "--sname", paramLabel = "NAME", required = true,
                description = "Short node name: NAME or NAME@host (host without dots).")
        String shortName;

        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "Long node name: NAME@host.example or NAME@127.0.0.1.")
        String longName;

        NodeName toNodeName() {
            return shortName != null ? NodeName.shortName(shortName) : NodeName.longName(longName);
        }
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Node node = Node.start(options.toConfig(naming.toNodeName()).build());
        Thread hook = new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "beamlink-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        var kernel = node.netKernel().orElseThrow();
        spec.commandLine().getOut().printf("node %s running: distribution port %d, epmd port %d, %s; Ctrl-C stops it%n",
                node.name().name(), kernel.listenPort(), node.config().epmdPort(),
                node.config().hidden() ? "hidden" : "visible");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
