package io.beamlink.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell in a real terminal (a tmux pane), driven through the distributed-Erlang
 * walkthrough with a real erl node as the peer: connect, nodes(), register, send both ways
 * (the erl side receives the message), a mistake, history, inet:i(), the net_kernel state, a
 * connection trace, q().
 */
class ShellTerminalTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theWalkthroughInATerminalWithAnErlangPeer(@TempDir Path dir) throws Exception {
        OtpPeer erl = PEERS.peer();
        String alive = "shell" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Tmux tmux = new Tmux("beamlink-shell-test-" + alive);
        try {
            tmux.start(dir, List.of(javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", testClassPath(),
                    "io.beamlink.cli.Main", "shell", "--sname", alive, "--cookie", "beamlink-test",
                    "--epmd-port", Integer.toString(PEERS.epmdPort()), "--no-embedded-epmd",
                    "--listen-address", "127.0.0.1", "--history", dir.resolve("history").toString()));
            String self = alive + "@" + erl.nodeName().substring(erl.nodeName().indexOf('@') + 1);
            String peer = erl.nodeName();
            String peerAtom = printed(peer);
            tmux.awaitScreen(s -> s.contains("(" + self + ")1> "));

            tmux.type("net_adm:ping('" + peer + "').");
            tmux.awaitScreen(s -> s.contains("pong") && s.contains("(" + self + ")2> "));
            tmux.type("nodes().");
            tmux.awaitScreen(s -> s.contains("[" + peerAtom + "]"));

            tmux.type("register(shell, self()).");
            tmux.awaitScreen(s -> s.contains("(" + self + ")4> "));
            erl.eval("{shell, '" + self + "'} ! {from_erlang, self()}, ok");
            tmux.type("flush().");
            tmux.awaitScreen(s -> s.contains("Shell got {from_erlang,<"));

            erl.eval("catch unregister(inbox), register(inbox, self()), ok");
            tmux.type("{inbox, '" + peer + "'} ! {hello_erlang, node()}.");
            assertThat(erl.eval("receive {hello_erlang, N} -> N after 10000 -> timeout end"))
                    .isEqualTo(printed(self));

            tmux.type("foo:bar().");
            tmux.awaitScreen(s -> s.contains("** exception error: undefined function foo:bar/0"));
            tmux.type("X =");
            tmux.type("  42.");
            tmux.awaitScreen(s -> s.contains("\n42\n") || s.contains("\n42 \n"));
            tmux.type("nodes().");
            tmux.awaitScreen(s -> count(s, "[" + peerAtom + "]") == 2);
            tmux.keys("Up", "Enter"); // history: the nodes() line again
            tmux.awaitScreen(s -> count(s, "[" + peerAtom + "]") == 3);

            tmux.type("inet:i().");
            tmux.awaitScreen(s -> s.contains("ACCEPTING") && s.contains("CONNECTED(O)")
                    && s.contains("localhost:" + PEERS.epmdPort()));
            tmux.type("sys:get_state(net_kernel).");
            tmux.awaitScreen(s -> s.contains("{state,") && s.contains("shortnames") && s.contains("=> " + peerAtom));

            tmux.type("{Conn, _} = lists:keyfind('" + peer + "', 2, maps:to_list(element(7, sys:get_state(net_kernel)))).");
            tmux.type("erlang:trace(Conn, true, [all]).");
            tmux.type("net_adm:ping('" + peer + "').");
            tmux.type("flush().");
            tmux.awaitScreen(s -> s.contains("Shell got {trace_ts,") && s.contains("{reg_send,")
                    && s.contains("'receive',{frame,"));

            tmux.type("q().");
            tmux.awaitExit();
            assertThat(erl.eval("lists:member('" + self + "', nodes())")).isEqualTo("false");
            assertThat(Files.readString(dir.resolve("history"), StandardCharsets.UTF_8)).contains("net_adm:ping");
        } finally {
            tmux.kill();
        }
    }

    /** How erl prints the node name as an atom: quoted when it has a dot or a dash. */
    private static String printed(String node) {
        return node.matches("[a-z][A-Za-z0-9_@]*") ? node : "'" + node + "'";
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null ? surefire : System.getProperty("java.class.path");
    }

    /** A tmux server of this test's own (its own socket), one session running the shell. */
    private static final class Tmux {
        private final String name;

        Tmux(String name) {
            this.name = name;
        }

        void start(Path dir, List<String> command) throws IOException, InterruptedException {
            Path script = dir.resolve("run-shell.sh");
            StringBuilder line = new StringBuilder("exec");
            for (String part : command) {
                line.append(" '").append(part.replace("'", "'\\''")).append('\'');
            }
            Files.writeString(script, "#!/bin/sh\n" + line + "\n");
            script.toFile().setExecutable(true);
            run("new-session", "-d", "-s", name, "-x", "220", "-y", "50", script.toString());
            run("set-option", "-t", name, "history-limit", "5000");
        }

        void type(String text) throws IOException, InterruptedException {
            run("send-keys", "-t", name, "-l", text);
            run("send-keys", "-t", name, "Enter");
        }

        void keys(String... keys) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
            args.addAll(List.of(keys));
            run(args.toArray(String[]::new));
        }

        String screen() throws IOException, InterruptedException {
            return run("capture-pane", "-p", "-J", "-t", name, "-S", "-5000");
        }

        /** Polls the pane until {@code condition} holds; fails with the screen after {@link #WAIT}. */
        void awaitScreen(Predicate<String> condition) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String screen = screen();
            while (!condition.test(screen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the shell's screen did not show what was expected:\n" + screen);
                }
                Thread.sleep(100);
                screen = screen();
            }
        }

        /** Waits until the session is gone (the shell process ended). */
        void awaitExit() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (hasSession()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the shell did not exit after q():\n" + screen());
                }
                Thread.sleep(100);
            }
        }

        private boolean hasSession() throws IOException, InterruptedException {
            Process p = new ProcessBuilder("tmux", "-L", name, "has-session", "-t", name).redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        }

        void kill() throws IOException, InterruptedException {
            new ProcessBuilder("tmux", "-L", name, "kill-server").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS);
        }

        private String run(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("tmux", "-L", name));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        }
    }
}
