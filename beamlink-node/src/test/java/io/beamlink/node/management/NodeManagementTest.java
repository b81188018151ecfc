package io.beamlink.node.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The MXBeans read back through the platform MBean server, as JConsole reads them. */
class NodeManagementTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void nodeAndConnectionBeansFollowTheConnections() throws Exception {
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(0).build());
                Node a = start(named(epmd.port()));
                Node b = start(named(epmd.port()));
                NodeManagement jmx = NodeManagement.register(a);
                Mailbox inbox = b.mailbox("inbox");
                Mailbox sender = a.mailbox("sender")) {
            ObjectName nodeBean = NodeManagement.nodeObjectName(a.name());
            assertThat(nodeBean.toString()).isEqualTo("io.beamlink:type=Node,name=" + a.name().name());
            assertThat(server.getAttribute(nodeBean, "Name")).isEqualTo(a.name().name());
            assertThat(server.getAttribute(nodeBean, "Distributed")).isEqualTo(true);
            assertThat((Long) server.getAttribute(nodeBean, "Creation")).isPositive();
            assertThat(server.getAttribute(nodeBean, "ListenPort")).isEqualTo(a.netKernel().orElseThrow().listenPort());
            assertThat((String[]) server.getAttribute(nodeBean, "RegisteredNames")).contains("sender", "net_kernel");
            assertThat(server.getAttribute(nodeBean, "ConnectionCount")).isEqualTo(0);

            assertThat(a.ping(b.name())).isTrue();
            sender.send(Atom.of("inbox"), b.name(), Int.of(42));
            assertThat(inbox.receive(WAIT)).isEqualTo(Int.of(42));

            ObjectName connectionBean = NodeManagement.connectionObjectName(a.name(), b.name());
            assertThat(connectionBean.toString())
                    .isEqualTo("io.beamlink:type=Connection,node=" + a.name().name() + ",peer=" + b.name().name());
            await().atMost(WAIT).until(() -> server.isRegistered(connectionBean));
            assertThat(server.getAttribute(connectionBean, "Peer")).isEqualTo(b.name().name());
            assertThat(server.getAttribute(connectionBean, "Visible")).isEqualTo(true);
            assertThat(server.getAttribute(connectionBean, "Initiated")).isEqualTo(true);
            assertThat((String[]) server.getAttribute(connectionBean, "FlagNames")).contains("PUBLISHED", "FRAGMENTS");
            assertThat((Long) server.getAttribute(connectionBean, "MessagesOut")).isGreaterThanOrEqualTo(2);
            assertThat((Long) server.getAttribute(connectionBean, "MessagesIn")).isGreaterThanOrEqualTo(1);
            assertThat((Long) server.getAttribute(connectionBean, "BytesOut")).isPositive();
            assertThat((Long) server.getAttribute(connectionBean, "BytesIn")).isPositive();
            assertThat((Long) server.getAttribute(connectionBean, "QueuedBytes")).isZero();
            assertThat((Double) server.getAttribute(connectionBean, "HandshakeTimeMillis")).isPositive();
            assertThat((Long) server.getAttribute(connectionBean, "LastActivityMillis")).isPositive();
            assertThat(server.getAttribute(nodeBean, "ConnectionCount")).isEqualTo(1);
            assertThat((String[]) server.getAttribute(nodeBean, "ConnectedNodes")).containsExactly(b.name().name());
            assertThat((Long) server.getAttribute(nodeBean, "MessagesOut"))
                    .isEqualTo(server.getAttribute(connectionBean, "MessagesOut"));

            a.disconnect(b.name());
            await().atMost(WAIT).until(() -> !server.isRegistered(connectionBean));
            assertThat(server.getAttribute(nodeBean, "ConnectionCount")).isEqualTo(0);

            jmx.close();
            assertThat(server.isRegistered(nodeBean)).isFalse();
            assertThat(server.queryNames(new ObjectName("io.beamlink:node=" + a.name().name() + ",*"), null)).isEmpty();
        }
    }

    @Test
    void incomingAndHiddenConnectionsAreBeansTooAndGoWhenTheNodeStops() throws Exception {
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(0).build());
                Node a = start(named(epmd.port()));
                NodeManagement jmx = NodeManagement.register(a)) {
            ObjectName connectionBean;
            try (Node hidden = start(named(epmd.port()).hidden(true))) {
                assertThat(hidden.ping(a.name())).isTrue();
                connectionBean = NodeManagement.connectionObjectName(a.name(), hidden.name());
                await().atMost(WAIT).until(() -> server.isRegistered(connectionBean));
                assertThat(server.getAttribute(connectionBean, "Visible")).isEqualTo(false);
                assertThat(server.getAttribute(connectionBean, "Initiated")).isEqualTo(false);
            }
            await().atMost(WAIT).until(() -> !server.isRegistered(connectionBean));
            ObjectName nodeBean = NodeManagement.nodeObjectName(a.name());
            a.stopDistribution();
            jmx.refresh();
            assertThat(server.isRegistered(nodeBean)).isFalse();
            assertThat(server.getAttribute(NodeManagement.nodeObjectName(Atom.of("nonode@nohost")), "Distributed"))
                    .isEqualTo(false);
        }
    }

    @Test
    void distributionStartedLaterIsFollowedAfterRefresh() throws Exception {
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(0).build());
                Node a = Node.start(NodeConfig.builder().cookie("jmx-test").epmdPort(epmd.port())
                        .embeddedEpmd(false).listenAddress(InetAddress.getLoopbackAddress()).build());
                Node b = start(named(epmd.port()));
                NodeManagement jmx = NodeManagement.register(a)) {
            assertThat(server.isRegistered(NodeManagement.nodeObjectName(Atom.of("nonode@nohost")))).isTrue();
            a.startDistribution(NodeName.longName(unique() + "@127.0.0.1"));
            jmx.refresh();
            assertThat(server.isRegistered(NodeManagement.nodeObjectName(Atom.of("nonode@nohost")))).isFalse();
            assertThat(server.getAttribute(NodeManagement.nodeObjectName(a.name()), "Distributed")).isEqualTo(true);
            assertThat(b.ping(a.name())).isTrue();
            ObjectName connectionBean = NodeManagement.connectionObjectName(a.name(), b.name());
            await().atMost(WAIT).until(() -> server.isRegistered(connectionBean));
        }
    }

    @Test
    void twoNodesOfTheSameNameCannotBothRegister() throws Exception {
        try (Node a = Node.start(NodeConfig.builder().build()); Node b = Node.start(NodeConfig.builder().build());
                NodeManagement jmx = NodeManagement.register(a)) {
            assertThatThrownBy(() -> NodeManagement.register(b))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another node named nonode@nohost");
        }
    }

    private static NodeConfig.Builder named(int epmdPort) {
        return NodeConfig.builder()
                .name(NodeName.longName(unique() + "@127.0.0.1"))
                .cookie("jmx-test")
                .epmdPort(epmdPort)
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress());
    }

    private static String unique() {
        return "jmx" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    private static Node start(NodeConfig.Builder config) throws java.io.IOException {
        return Node.start(config.build());
    }
}
