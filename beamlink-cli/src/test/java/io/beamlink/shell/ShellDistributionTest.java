package io.beamlink.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The walkthrough between two Java nodes: connect, send, the tables, a trace, nodedown, net_kernel. */
class ShellDistributionTest {
    private static final String COOKIE = "shell-test";
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private String run(ShellSession shell, String text) {
        output.reset();
        shell.evaluateAll(text);
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void connectSendInspectTraceAndSeeTheNodeGo() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(0).build());
                Node a = Node.start(config(epmd.port()).build());
                ShellSession shell = new ShellSession(a, new PrintStream(output, true, StandardCharsets.UTF_8),
                        refreshes::incrementAndGet)) {
            String b;
            try (Node other = Node.start(config(epmd.port()).build()); Mailbox inbox = other.mailbox("inbox")) {
                b = other.name().name();
                assertThat(shell.prompt()).isEqualTo("(" + a.name().name() + ")1> ");
                assertThat(run(shell, "net_adm:ping('" + b + "').")).isEqualTo("pong\n");
                assertThat(shell.prompt()).isEqualTo("(" + a.name().name() + ")2> ");
                assertThat(run(shell, "nodes().")).isEqualTo("['" + b + "']\n");
                assertThat(run(shell, "{inbox, '" + b + "'} ! {hello, self()}.")).startsWith("{hello,<0.");
                assertThat(inbox.receive(Duration.ofSeconds(10)).toString()).startsWith("{hello,<");

                String table = run(shell, "inet:i().");
                assertThat(table.lines().findFirst().orElseThrow())
                        .matches("Port +Module +Recv +Sent +Owner +Local Address +Foreign Address +State +Type +");
                assertThat(table).containsPattern("inet_tcp +0 +0 +<0\\.\\d+\\.0> +localhost:\\d+ +\\*:\\* +ACCEPTING +STREAM")
                        .containsPattern("inet_tcp +\\d+ +\\d+ +<0\\.\\d+\\.0> +localhost:\\d+ +localhost:" + epmd.port()
                                + " +CONNECTED\\(O\\) +STREAM")
                        .endsWith("ok\n");
                assertThat(table.lines().filter(l -> l.contains("CONNECTED(O)")).count()).isEqualTo(2);

                String state = run(shell, "sys:get_state(net_kernel).");
                assertThat(state).startsWith("{state,'" + a.name().name() + "',longnames,{tick,<0.")
                        .containsPattern("60000,4\\},7000,sys_dist,#\\{<0\\.\\d+\\.0> => '" + b + "'\\},#\\{#Port<0\\.\\d+> => '"
                                + b + "'\\}")
                        .contains("{net_address,{{127,0,0,1},");

                assertThat(run(shell, "[{Conn, _}] = maps:to_list(element(7, sys:get_state(net_kernel))), "
                        + "erlang:trace(Conn, true, [all]).")).isEqualTo("1\n");
                run(shell, "{inbox, '" + b + "'} ! traced.");
                inbox.send(shellPid(shell), Atom.of("reply"));
                assertThat(run(shell, "receive reply -> ok after 10000 -> timeout end.")).isEqualTo("ok\n");
                String trace = run(shell, "flush().");
                assertThat(trace).containsPattern("Shell got \\{trace_ts,<0\\.\\d+\\.0>,send,\\{frame,\\d+,"
                        + "\\{reg_send,<0\\.\\d+\\.0>,inbox,traced\\}\\},'" + b + "',\\{\\d+,\\d+,\\d+\\}\\}");
                assertThat(trace).containsPattern("Shell got \\{trace_ts,<0\\.\\d+\\.0>,'receive',\\{frame,\\d+,"
                        + "\\{send,<\\d+\\.\\d+\\.0>,<0\\.\\d+\\.0>,reply\\}\\},\\{\\d+,\\d+,\\d+\\}\\}");
                assertThat(run(shell, "erlang:trace(Conn, false, [all]).")).isEqualTo("1\n");
                assertThat(run(shell, "erlang:trace(self(), true, [all]).")).startsWith("** exception error: bad argument");

                assertThat(run(shell, "net_kernel:monitor_nodes(true).")).isEqualTo("ok\n");
            }
            assertThat(run(shell, "receive {nodedown, N} -> N after 10000 -> timeout end."))
                    .isEqualTo("'" + b + "'\n");
            assertThat(run(shell, "nodes().")).isEqualTo("[]\n");

            try (Node stranger = Node.start(config(epmd.port()).cookie("wrong").build())) {
                assertThat(run(shell, "net_adm:ping('" + stranger.name().name() + "').")).isEqualTo("pang\n");
                assertThat(run(shell, "erlang:set_cookie('" + stranger.name().name() + "', wrong), "
                        + "net_adm:ping('" + stranger.name().name() + "').")).isEqualTo("pong\n");
            }

            String before = run(shell, "self().");
            assertThat(run(shell, "net_kernel:stop().")).isEqualTo("ok\n");
            assertThat(shell.prompt()).matches("\\d+> ");
            assertThat(run(shell, "node().")).isEqualTo("nonode@nohost\n");
            assertThat(run(shell, "sys:get_state(net_kernel).")).startsWith("** exception exit: {noproc,");
            String alive = "shell" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            assertThat(run(shell, "net_kernel:start(['" + alive + "@127.0.0.1', longnames]).")).startsWith("{ok,<");
            assertThat(run(shell, "node().")).isEqualTo("'" + alive + "@127.0.0.1'\n");
            assertThat(run(shell, "self().")).isNotEqualTo(before);
            assertThat(shell.self().self().node()).isEqualTo(Atom.of(alive + "@127.0.0.1"));
            assertThat(refreshes.get()).isEqualTo(2);
        }
    }

    private static io.beamlink.term.Pid shellPid(ShellSession shell) {
        return shell.self().self();
    }

    private static NodeConfig.Builder config(int epmdPort) {
        return NodeConfig.builder()
                .name(NodeName.longName("java" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                        + "@127.0.0.1"))
                .cookie(COOKIE)
                .epmdPort(epmdPort)
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress());
    }
}
