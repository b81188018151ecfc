package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.node.AutoConnect;
import io.beamlink.node.Cookies;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.testkit.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping distribution, configuration, and the errors a user can cause. */
class DistributionLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aNodeIsNonodeUntilDistributionStartsAndCanStopAndStartAgain() throws Exception {
        int port = FreePort.find();
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build());
                Node node = Node.start(TestNodes.config(null, port).build());
                Node peer = TestNodes.longNamed(port)) {
            assertThat(node.name()).isEqualTo(Atom.of("nonode@nohost"));
            assertThat(node.isDistributed()).isFalse();
            assertThat(node.ping(peer.name())).isFalse();

            NodeName name = NodeName.longName(TestNodes.uniqueAlive("late") + "@127.0.0.1");
            node.startDistribution(name);
            assertThat(node.name()).isEqualTo(name.atom());
            assertThat(node.ping(peer.name())).isTrue();
            assertThat(EpmdClient.of("127.0.0.1", port).lookup(name.alive())).isPresent();

            node.stopDistribution();
            assertThat(node.name()).isEqualTo(Atom.of("nonode@nohost"));
            // epmd unregisters when it sees the registration connection close, not before the
            // node's close returns (OTP's epmd as well); a lookup right after may come first.
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> EpmdClient.of("127.0.0.1", port).lookup(name.alive()).isEmpty());
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> peer.nodes().isEmpty());

            node.startDistribution(name);
            assertThat(node.ping(peer.name())).isTrue();
        }
    }

    @Test
    void epmdUnreachableWithoutTheEmbeddedOneSaysWhereAndWhatToDo() {
        int port = FreePort.find();
        assertThatThrownBy(() -> TestNodes.longNamed(port))
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("beamlink epmd");
    }

    @Test
    void aNameAlreadyRegisteredIsAClearError() throws Exception {
        int port = FreePort.find();
        NodeName name = NodeName.longName(TestNodes.uniqueAlive("dup") + "@127.0.0.1");
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build());
                Node first = Node.start(TestNodes.config(name, port).build())) {
            assertThatThrownBy(() -> Node.start(TestNodes.config(name, port).build()))
                    .hasMessageContaining(name.alive());
            assertThat(first.isDistributed()).isTrue();
        }
    }

    @Test
    void anExhaustedListenRangeIsAClearError() throws Exception {
        int port = FreePort.find();
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build());
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            assertThatThrownBy(() -> Node.start(TestNodes.config(
                    NodeName.longName(TestNodes.uniqueAlive("r") + "@127.0.0.1"), port)
                    .listenPortRange(busy, busy).build()))
                    .hasMessageContaining("inet_dist_listen_min..max = " + busy + ".." + busy);
        }
    }

    @Test
    void badNodeNamesFollowOtpsRules() {
        assertThatThrownBy(() -> NodeName.shortName("a@host.example")).hasMessageContaining("short name");
        assertThatThrownBy(() -> NodeName.shortName("a b")).hasMessageContaining("invalid node name");
        assertThatThrownBy(() -> NodeName.parse("a@b@c")).hasMessageContaining("more than one @");
        assertThatThrownBy(() -> NodeName.parse("nohost")).hasMessageContaining("alive@host");
        assertThat(NodeName.longName("a@localhost").full()).isEqualTo("a@localhost");
        assertThat(NodeName.shortName("app").alive()).isEqualTo("app");
    }

    @Test
    void withoutEpmdEveryNodeListensOnTheStaticPort() throws Exception {
        int port = FreePort.find();
        NodeConfig.Builder a = TestNodes.config(NodeName.longName("a@127.0.0.1"), 1).staticPort(port);
        NodeConfig.Builder b = TestNodes.config(NodeName.longName("b@127.0.0.2"), 1).staticPort(port)
                .listenAddress(InetAddress.getByName("127.0.0.2"));
        try (Node na = TestNodes.start(a); Node nb = TestNodes.start(b)) {
            assertThat(na.ping(nb.name())).isTrue();
            assertThat(nb.nodes()).containsExactly(na.name());
        }
    }

    @Test
    void autoConnectNeverAndOnce() throws Exception {
        int port = FreePort.find();
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build());
                Node never = TestNodes.start(TestNodes.config(
                        NodeName.longName(TestNodes.uniqueAlive("never") + "@127.0.0.1"), port)
                        .autoConnect(AutoConnect.NEVER));
                Node once = TestNodes.start(TestNodes.config(
                        NodeName.longName(TestNodes.uniqueAlive("once") + "@127.0.0.1"), port)
                        .autoConnect(AutoConnect.ONCE));
                Node target = TestNodes.longNamed(port);
                Mailbox inbox = target.mailbox("inbox");
                Mailbox fromNever = never.mailbox();
                Mailbox fromOnce = once.mailbox()) {
            fromNever.send(Atom.of("inbox"), target.name(), Int.of(1));
            assertThat(inbox.receive(Duration.ofMillis(500))).isNull();
            assertThat(never.nodes()).isEmpty();
            assertThat(never.connect(target.name())).isTrue();
            fromNever.send(Atom.of("inbox"), target.name(), Int.of(2));
            assertThat(inbox.receive(WAIT)).isEqualTo(Int.of(2));

            fromOnce.send(Atom.of("inbox"), target.name(), Int.of(3));
            assertThat(inbox.receive(WAIT)).isEqualTo(Int.of(3));
            once.disconnect(target.name());
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> once.nodes().isEmpty());
            fromOnce.send(Atom.of("inbox"), target.name(), Int.of(4));
            assertThat(inbox.receive(Duration.ofMillis(500))).isNull();
            assertThat(once.connect(target.name())).isTrue();
            fromOnce.send(Atom.of("inbox"), target.name(), Int.of(5));
            assertThat(inbox.receive(WAIT)).isEqualTo(Int.of(5));
        }
    }

    @Test
    void cookieFileIsCreatedLikeErlsAndRefusedWhenOthersCanReadIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".erlang.cookie");
        String cookie = Cookies.readOrCreate(file);
        assertThat(cookie).matches("[A-Z]{20}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
        assertThat(Cookies.readOrCreate(file)).isEqualTo(cookie);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Cookies.readOrCreate(file))
                .hasMessageContaining("owner only").hasMessageContaining("chmod 400");
    }
}
