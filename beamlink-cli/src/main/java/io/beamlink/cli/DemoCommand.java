package io.beamlink.cli;

import io.beamlink.Node;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.epmd.NameEntry;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.node.management.NodeManagement;
import io.beamlink.process.ProcessScheduler;
import io.beamlink.shell.ShellSession;
import io.beamlink.term.Atom;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beamlink demo}: the distributed-Erlang walkthrough, narrated, on nodes it starts
 * itself: an epmd in debug mode on a free port, Java nodes that register, connect, send and
 * flush, a ping with the wrong cookie, a real {@code erl} node when one is installed, a node
 * killed and its nodedown, and the inet and net_kernel tables. It runs without a terminal,
 * ends within a minute and stops everything it started, also on Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A narrated tour of Erlang distribution on Java nodes (and a real erl node when erl is on"
                + " the PATH): epmd, connect, nodes(), send and flush(), a wrong cookie, a killed node, inet:i(),"
                + " sys:get_state(net_kernel), a connection trace and the JMX beans. Stops all it started."})
public final class DemoCommand implements Callable<Integer> {
    static final String COOKIE = "beamlink-demo";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Option(names = "--epmd-port", paramLabel = "PORT", description = "Port of the demo's epmd (default: a free port).")
    int epmdPort;

    @Option(names = "--java-only", description = "Leave erl out even when it is installed.")
    boolean javaOnly;

    private final ProcessStreams streams;

    public DemoCommand() {
        this(ProcessStreams.system());
    }

    DemoCommand(ProcessStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws Exception {
        // The narration is the output; node lifecycle logs would only interleave with it.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        PrintStream out = streams.out();
        DemoTranscript tour = new DemoTranscript(out);
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        Thread cleanup = new Thread(() -> closeAll(started), "beamlink-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            run(tour, out, started);
            return 0;
        } finally {
            closeAll(started);
            removeHook(cleanup);
            out.println();
            out.println("Everything the demo started is stopped.");
            out.flush();
        }
    }

    private void run(DemoTranscript tour, PrintStream out, List<AutoCloseable> started) throws Exception {
        tour.step("An epmd in debug mode (-d): it maps node names to ports");
        EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(epmdPort).debugLevel(1)
                .addresses(List.of(InetAddress.getLoopbackAddress()))
                .debugOutput(prefixed(out, "  epmd | ")).build());
        started.add(epmd);
        tour.say("epmd listens on 127.0.0.1:" + epmd.port() + " (OTP's default is 4369; this one is private to the demo)");

        tour.step("Two named Java nodes start and register with epmd");
        Node alpha = startNode("alpha", epmd.port(), COOKIE);
        started.addFirst(alpha);
        Node beta = startNode("beta", epmd.port(), COOKIE);
        started.addFirst(beta);
        NodeManagement jmx = NodeManagement.register(alpha);
        started.addFirst(jmx);
        ShellSession a = new ShellSession(alpha, out, jmx::refresh);
        started.addFirst(a);
        ShellSession b = new ShellSession(beta, out, () -> { });
        started.addFirst(b);
        tour.type(a, "node()");

        tour.step("alpha connects to beta; both see each other in nodes()");
        tour.type(a, "nodes()");
        tour.type(a, "net_kernel:connect_node('beta@127.0.0.1')");
        tour.type(a, "nodes()");
        awaitConnected(beta, alpha.name(), null);
        tour.type(b, "nodes()");

        tour.step("beta registers its shell as 'inbox'; alpha sends to {inbox, beta}; beta flushes");
        tour.type(b, "register(inbox, self())");
        tour.type(a, "{inbox, 'beta@127.0.0.1'} ! {hello, from, node()}");
        b.awaitMessage(WAIT);
        tour.type(b, "flush()");

        tour.step("A node with the wrong cookie pings alpha: pang (alpha logs the rejected attempt)");
        try (Node mallory = startNode("mallory", epmd.port(), "not-the-cookie");
                ShellSession m = new ShellSession(mallory, out, () -> { })) {
            tour.type(m, "net_adm:ping('alpha@127.0.0.1')");
        }

        erlangStep(tour, out, alpha, a, epmd, started);

        tour.step("A node in another JVM is killed (SIGKILL); alpha gets nodedown");
        tour.type(a, "net_kernel:monitor_nodes(true)");
        ExternalNode gamma = ExternalNode.start("gamma", javaNodeCommand("gamma", epmd.port()), Map.of(), out);
        started.addFirst(gamma);
        awaitRegistered(epmd, "gamma", gamma);
        tour.type(a, "net_adm:ping('gamma@127.0.0.1')");
        tour.say("kill -9 " + gamma.pid());
        gamma.kill();
        tour.type(a, "receive {nodedown, Node} -> {nodedown, Node} after 10000 -> timeout end");

        tour.step("The tables: inet:i() lists the sockets, sys:get_state(net_kernel) the connections");
        tour.type(a, "inet:i()");
        tour.type(a, "sys:get_state(net_kernel)");

        tour.step("Tracing the connection to beta: frames and ticks become messages to the shell");
        tour.type(a, "{Conn, _} = lists:keyfind('beta@127.0.0.1', 2, maps:to_list(element(7, sys:get_state(net_kernel))))");
        tour.type(a, "erlang:trace(Conn, true, [all])");
        tour.type(a, "{inbox, 'beta@127.0.0.1'} ! traced");
        tour.type(a, "net_adm:ping('beta@127.0.0.1')");
        tour.type(a, "flush()");

        tour.step("The same figures over JMX (JConsole or VisualVM on this JVM)");
        for (var name : java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName(NodeManagement.DOMAIN + ":*"), null)) {
            out.println("  " + name);
        }
    }

    private void erlangStep(DemoTranscript tour, PrintStream out, Node alpha, ShellSession a, EpmdDaemon epmd,
            List<AutoCloseable> started) throws Exception {
        Optional<Path> erl = javaOnly ? Optional.empty() : onPath("erl");
        if (erl.isEmpty()) {
            tour.step("A real Erlang node: skipped");
            tour.say(javaOnly ? "--java-only: the tour goes on with Java nodes only."
                    : "erl is not on the PATH (install Erlang/OTP, e.g. the erlang-base package, to see an Erlang node"
                            + " take part); the tour goes on with Java nodes only.");
            return;
        }
        tour.step("A real Erlang node joins (" + erl.get() + "): it pings alpha, then answers alpha's message");
        ExternalNode erlang = ExternalNode.start("erl", List.of(erl.get().toString(), "-name", "erlang@127.0.0.1",
                "-setcookie", COOKIE, "-start_epmd", "false", "-noshell", "-eval", ERLANG_PROGRAM),
                Map.of("ERL_EPMD_PORT", Integer.toString(epmd.port())), out);
        started.addFirst(erlang);
        awaitRegistered(epmd, "erlang", erlang);
        awaitConnected(alpha, Atom.of("erlang@127.0.0.1"), erlang);
        tour.type(a, "nodes()");
        tour.type(a, "net_adm:ping('erlang@127.0.0.1')");
        tour.type(a, "{demo, 'erlang@127.0.0.1'} ! {self(), hello_erlang}");
        tour.type(a, "receive Reply -> Reply after 10000 -> timeout end");
    }

    /** What the erl node runs: a process registered as demo that reports what it gets and answers. */
    private static final String ERLANG_PROGRAM = String.join(" ",
            "register(demo, self()),",
            "io:format(\"~s is up; net_adm:ping('alpha@127.0.0.1') = ~p~n\", [node(), net_adm:ping('alpha@127.0.0.1')]),",
            "Loop = fun L() -> receive",
            "  {From, Msg} -> io:format(\"~s got ~p; its nodes() = ~p~n\", [node(), Msg, nodes()]),",
            "                 From ! {ack, node(), nodes()}, L();",
            "  stop -> ok end end,",
            "Loop(), halt().");

    private static Node startNode(String alive, int epmdPort, String cookie) throws IOException {
        return Node.start(NodeConfig.builder()
                .name(NodeName.longName(alive + "@127.0.0.1"))
                .cookie(cookie)
                .epmdPort(epmdPort)
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress())
                .build());
    }

    /** {@code beamlink node} in a second JVM, on this JVM's class path. */
    private static List<String> javaNodeCommand(String alive, int epmdPort) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, ProcessScheduler.JVM_OPTION, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Main.class.getName(), "node",
                "--name", alive + "@127.0.0.1", "--cookie", COOKIE, "--epmd-port", Integer.toString(epmdPort),
                "--no-embedded-epmd", "--listen-address", "127.0.0.1");
    }

    /**
     * Waits (bounded) until {@code node} lists {@code peer}: the accepting side of a connection
     * comes up a moment after the dialling side, and an erl node connects once its program runs.
     */
    private static void awaitConnected(Node node, Atom peer, ExternalNode process) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!node.nodes().contains(peer)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(process + " exited before connecting; its output is above");
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(peer.name() + " did not connect to " + node.name().name() + " within "
                        + WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Waits (bounded) until {@code alive} is registered with the demo's epmd. */
    private static void awaitRegistered(EpmdDaemon epmd, String alive, ExternalNode node) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (NameEntry entry : epmd.registeredNames()) {
                if (entry.name().equals(alive)) {
                    return;
                }
            }
            if (!node.isAlive()) {
                throw new IllegalStateException(node + " exited before registering with epmd; its output is above");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(node + " did not register with epmd within " + WAIT.toSeconds() + " s");
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Lines written to the result go to {@code out} with {@code prefix} in front (epmd's debug log uses \r\n). */
    private static PrintStream prefixed(PrintStream out, String prefix) {
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
                    line.reset();
                    out.println(prefix + text);
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Closes in list order (external nodes, shells, JMX, nodes, epmd last); a failure does not stop the rest. */
    private static void closeAll(List<AutoCloseable> started) {
        List<AutoCloseable> toClose;
        synchronized (started) {
            toClose = new ArrayList<>(started);
            started.clear();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("beamlink demo: stopping " + c + " failed: " + e);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running.
        }
    }
}
