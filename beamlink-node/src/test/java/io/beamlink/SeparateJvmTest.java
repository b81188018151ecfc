package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.process.Mailbox;
import io.beamlink.process.ProcessScheduler;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Beamlink nodes in JVMs of their own: a ring of three, and a frozen one seen down by Erlang. */
class SeparateJvmTest {
    /**
     * Short enough for the frozen node to be seen down well within the wait below, long enough
     * that a JVM just started on a loaded machine is not dropped for a silence of its own.
     */
    private static final int TICK_SECONDS = 4;

    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.configured(b -> b.args("-kernel", "net_ticktime", String.valueOf(TICK_SECONDS)));

    private static final Duration WAIT = Duration.ofSeconds(15);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    /** A started relay JVM; closing its stdin stops it, destroy is the fallback. */
    private record RelayJvm(Process process, String node) implements AutoCloseable {
        static RelayJvm start(String node, int epmdPort, int tickSeconds) throws IOException {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), ProcessScheduler.JVM_OPTION, "-cp", classpath, RelayNodeMain.class.getName(), node,
                    String.valueOf(epmdPort), TestNodes.COOKIE, String.valueOf(tickSeconds))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 1000; i++) {
                String line = out.readLine();
                if (line == null) {
                    throw new IOException("relay JVM for " + node + " exited before it was ready");
                }
                if (line.startsWith("READY ")) {
                    Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                    return new RelayJvm(p, line.substring(6));
                }
            }
            p.destroyForcibly();
            throw new IOException("relay JVM for " + node + " printed no READY line");
        }

        void signal(String signal) throws IOException {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
            try {
                kill.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            signal("CONT");
            process.getOutputStream().close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void threeNodesInSeparateJvmsPassAMessageAroundARing() throws Exception {
        int epmd = PEERS.epmdPort();
        List<RelayJvm> relays = new ArrayList<>();
        try (Node here = TestNodes.longNamed(epmd); Mailbox inbox = here.mailbox("inbox")) {
            for (int i = 0; i < 3; i++) {
                relays.add(RelayJvm.start(TestNodes.uniqueAlive("relay") + "@127.0.0.1", epmd, 60));
            }
            Atom a = Atom.of(relays.get(0).node());
            Atom b = Atom.of(relays.get(1).node());
            Atom c = Atom.of(relays.get(2).node());
            Atom relay = Atom.of("relay");
            Atom forward = Atom.of("forward");
            Term payload = Tuple.of(Atom.of("round"), Term.binary("trip"));
            Term toHere = Tuple.of(forward, Atom.of("inbox"), here.name(), payload);
            Term toC = Tuple.of(forward, relay, c, toHere);
            Term toB = Tuple.of(forward, relay, b, toC);
            inbox.send(relay, a, toB);
            assertThat(inbox.receive(WAIT)).isEqualTo(payload);
        } finally {
            for (RelayJvm r : relays) {
                r.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void erlangSeesAFrozenJavaNodeGoDownWithinTheTickWindow(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (RelayJvm java = RelayJvm.start(TestNodes.uniqueAlive("frozen") + "@" + io.beamlink.node.NodeName.localShortHost(), PEERS.epmdPort(), TICK_SECONDS)) {
            String node = "'" + java.node() + "'";
            assertThat(erl.eval("net_adm:ping(" + node + ")")).isEqualTo("pong");
            erl.eval("monitor_node(" + node + ", true), ok");
            java.signal("STOP");
            assertThat(erl.eval("receive {nodedown, " + node + "} -> down after 12000 -> still_up end",
                    Duration.ofSeconds(20))).isEqualTo("down");
        }
    }
}
