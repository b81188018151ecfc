package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daemon over real loopback sockets. */
class EpmdDaemonTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final DebugCapture debug = new DebugCapture();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private EpmdDaemon start(EpmdConfig.Builder config) throws IOException {
        EpmdDaemon daemon = EpmdDaemon.start(config.port(0).addresses(List.of(InetAddress.getByName("127.0.0.1")))
                .debugOutput(debug.stream()).build());
        resources.add(daemon);
        return daemon;
    }

    private EpmdDaemon start() throws IOException {
        return start(EpmdConfig.builder());
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private static EpmdClient client(EpmdDaemon daemon) {
        return EpmdClient.of("127.0.0.1", daemon.port());
    }

    @Test
    void listensOnIpv4AndIpv6LoopbackWhenGivenOneAddress() throws Exception {
        EpmdDaemon daemon = start();
        assertThat(daemon.listenAddresses()).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(daemon.listenAddresses()).allMatch(a -> a.getPort() == daemon.port());
    }

    @Test
    void registersLooksUpAndListsNodes() throws Exception {
        EpmdDaemon daemon = start();
        EpmdRegistration registration = closeLater(client(daemon).register("app", 50785));
        assertThat(registration.isOpen()).isTrue();
        assertThat(Integer.toUnsignedLong(registration.creation())).isGreaterThan(3);

        Optional<NodeAddress> address = client(daemon).lookup("app");
        assertThat(address).contains(new NodeAddress(50785, 77, 0, 6, 6, new byte[0]));
        assertThat(client(daemon).lookup("nobody")).isEmpty();
        assertThat(client(daemon).names()).containsExactly(new NameEntry("app", 50785));
        assertThat(daemon.registeredNames()).containsExactly(new NameEntry("app", 50785));
    }

    @Test
    void worksOverIpv6Loopback() throws Exception {
        EpmdDaemon daemon = start();
        EpmdClient ipv6 = EpmdClient.of("::1", daemon.port());
        closeLater(ipv6.register("six", 5000));
        assertThat(ipv6.lookup("six")).map(NodeAddress::port).contains(5000);
    }

    @Test
    void aRegistrationLivesExactlyAsLongAsItsConnection() throws Exception {
        EpmdDaemon daemon = start();
        EpmdRegistration registration = client(daemon).register("app", 5000);
        registration.close();
        assertThat(registration.isOpen()).isFalse();
        await().atMost(PATIENCE).until(() -> client(daemon).lookup("app").isEmpty());
    }

    @Test
    void aDuplicateNameIsAClearError() throws Exception {
        EpmdDaemon daemon = start();
        closeLater(client(daemon).register("app", 5000));
        assertThatThrownBy(() -> client(daemon).register("app", 5001))
                .isInstanceOf(EpmdRegistrationRefusedException.class)
                .hasMessageContaining("\"app\"")
                .hasMessageContaining("127.0.0.1:" + daemon.port())
                .hasMessageContaining("already");
    }

    @Test
    void reRegisteringANameGivesANewCreation() throws Exception {
        EpmdDaemon daemon = start();
        EpmdRegistration first = client(daemon).register("app", 5000);
        first.close();
        await().atMost(PATIENCE).until(() -> client(daemon).lookup("app").isEmpty());
        EpmdRegistration second = closeLater(client(daemon).register("app", 5000));
        assertThat(second.creation()).isEqualTo(first.creation() + 1);
    }

    @Test
    void anyByteAfterAlive2EndsTheRegistration() throws Exception {
        EpmdDaemon daemon = start(EpmdConfig.builder().debugLevel(1));
        try (RawClient raw = RawClient.local(daemon.port())) {
            raw.send(RequestBytes.frame(RequestBytes.alive2("app", 5000, 6, 6)));
            assertThat(raw.read(6)[1]).isZero();
            raw.send((byte) 'x');
            assertThat(raw.closedByPeer()).isTrue();
        }
        await().atMost(PATIENCE).until(() -> daemon.registeredNames().isEmpty());
        assertThat(debug.lines()).anyMatch(line -> line.matches("epmd: got more than expected on ALIVE socket \\d+ \\(1\\)"));
    }

    @Test
    void badFramesAreClosedWithOtpsLogLinesAndTheDaemonServesOn() throws Exception {
        EpmdDaemon daemon = start();
        try (RawClient truncated = RawClient.local(daemon.port())) {
            truncated.send((byte) 0, (byte) 10, (byte) 'z', (byte) 'a');
        }
        try (RawClient tooLong = RawClient.local(daemon.port())) {
            assertThat(tooLong.send((byte) 0xff, (byte) 0xff, (byte) 'n').readToEnd()).isEmpty();
        }
        try (RawClient empty = RawClient.local(daemon.port())) {
            assertThat(empty.send((byte) 0, (byte) 0).readToEnd()).isEmpty();
        }
        try (RawClient nul = RawClient.local(daemon.port())) {
            byte[] alive = RequestBytes.alive2(new byte[] {'a', 0}, 5000, 6, 6, new byte[0]);
            assertThat(nul.send(RequestBytes.frame(alive)).readToEnd()).isEmpty();
        }
        try (RawClient badUtf8 = RawClient.local(daemon.port())) {
            byte[] alive = RequestBytes.alive2(new byte[] {'a', (byte) 0xc0}, 5000, 6, 6, new byte[0]);
            assertThat(badUtf8.send(RequestBytes.frame(alive)).read(6)).containsExactly(118, 1, 0, 0, 0, 99);
        }
        await().atMost(PATIENCE).until(() -> debug.lines().size() >= 5);
        assertThat(debug.lines()).anyMatch(line -> line.matches("epmd: got partial packet only on file descriptor \\d+ \\(4\\)"))
                .contains("epmd: invalid packet size (65535)", "epmd: invalid packet size (0)",
                        "epmd: node name contains ascii 0 in ALIVE2_REQ", "epmd: invalid node name encoding");
        closeLater(client(daemon).register("still", 5000));
        assertThat(client(daemon).names()).containsExactly(new NameEntry("still", 5000));
    }

    @Test
    void idleConnectionsAreClosedAfterThePacketTimeoutWhileOthersAreServed() throws Exception {
        EpmdDaemon daemon = start(EpmdConfig.builder().debugLevel(1).packetTimeout(Duration.ofSeconds(2)));
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(RawClient.local(daemon.port()));
            }
            EpmdRegistration registration = closeLater(client(daemon).register("busy", 5000));
            assertThat(client(daemon).lookup("busy")).isPresent();
            for (RawClient connection : idle) {
                assertThat(connection.closedByPeer()).isTrue();
            }
            assertThat(registration.isOpen()).as("registrations never time out").isTrue();
            assertThat(debug.lines()).filteredOn("epmd: closing because timed out on receive"::equals).hasSize(1000);
        } finally {
            for (RawClient connection : idle) {
                connection.close();
            }
        }
    }

    @Test
    void aClientSendingOneByteASecondHoldsUpNobody() throws Exception {
        EpmdDaemon daemon = start(EpmdConfig.builder().packetTimeout(Duration.ofSeconds(3)));
        closeLater(client(daemon).register("a", 5000));
        byte[] frame = RequestBytes.frame(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "a"));
        try (RawClient slow = RawClient.local(daemon.port())) {
            for (byte b : frame) {
                slow.send(b);
                assertThat(client(daemon).lookup("a")).as("others are served meanwhile").isPresent();
                Thread.sleep(1000);
            }
            assertThat(slow.readToEnd()).startsWith(119, 0);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        EpmdDaemon daemon = start(EpmdConfig.builder().debugLevel(2).maxConnections(2));
        try (RawClient first = RawClient.local(daemon.port()); RawClient second = RawClient.local(daemon.port())) {
            await().atMost(PATIENCE).until(() -> debug.lines().stream()
                    .filter(line -> line.startsWith("epmd: opening connection")).count() == 2);
            try (RawClient third = RawClient.local(daemon.port())) {
                assertThat(third.closedByPeer()).isTrue();
            }
            assertThat(debug.lines()).anyMatch(line -> line.startsWith("epmd: failed opening connection on file descriptor"));
        }
    }

    @Test
    void killStopsTheDaemonWhenNoNodeIsRegistered() throws Exception {
        EpmdDaemon daemon = start();
        EpmdRegistration registration = client(daemon).register("app", 5000);
        assertThat(client(daemon).kill()).isFalse();
        registration.close();
        await().atMost(PATIENCE).until(() -> daemon.registeredNames().isEmpty());
        assertThat(client(daemon).kill()).isTrue();
        assertThat(daemon.awaitTermination(PATIENCE)).isTrue();
        assertThat(daemon.wasKilled()).isTrue();
        assertThatThrownBy(() -> client(daemon).names()).isInstanceOf(EpmdUnreachableException.class);
    }

    @Test
    void stopUnregistersByForceWithRelaxedCommandCheck() throws Exception {
        EpmdDaemon daemon = start(EpmdConfig.builder().relaxedCommandCheck(true));
        EpmdRegistration registration = closeLater(client(daemon).register("app", 5000));
        assertThat(client(daemon).stop("app")).isEqualTo(StopOutcome.STOPPED);
        await().atMost(PATIENCE).until(() -> !registration.isOpen());
        assertThat(client(daemon).stop("app")).isEqualTo(StopOutcome.NOT_REGISTERED);
    }

    @Test
    void stopWithoutRelaxedCheckGetsNoAnswer() throws Exception {
        EpmdDaemon daemon = start();
        closeLater(client(daemon).register("app", 5000));
        assertThatThrownBy(() -> client(daemon).stop("app"))
                .isInstanceOfSatisfying(EpmdReplyException.class, e -> assertThat(e.reply()).isEmpty())
                .hasMessageContaining("-relaxed_command_check");
        assertThat(client(daemon).names()).containsExactly(new NameEntry("app", 5000));
    }

    @Test
    void aSecondDaemonOnTheSamePortReportsTheAddressInUse() throws Exception {
        EpmdDaemon daemon = start();
        assertThatThrownBy(() -> EpmdDaemon.start(EpmdConfig.builder().port(daemon.port())
                        .addresses(List.of(InetAddress.getByName("127.0.0.1"))).debugOutput(debug.stream()).build()))
                .isInstanceOf(EpmdAddressInUseException.class)
                .hasMessageContaining("127.0.0.1:" + daemon.port());
        assertThat(client(daemon).names()).isEmpty();
    }

    @Test
    void closingTheDaemonEndsEveryRegistration() throws Exception {
        EpmdDaemon daemon = start();
        EpmdRegistration registration = closeLater(client(daemon).register("app", 5000));
        daemon.close();
        assertThat(daemon.awaitTermination(PATIENCE)).isTrue();
        assertThat(daemon.wasKilled()).isFalse();
        await().atMost(PATIENCE).until(() -> !registration.isOpen());
    }

    @Test
    void namesAreEchoedByteForByte() throws Exception {
        EpmdDaemon daemon = start();
        String name = "nödé_ünïcode";
        closeLater(client(daemon).register(name, 5000));
        try (RawClient raw = RawClient.local(daemon.port())) {
            byte[] reply = raw.send(new byte[] {0, 1, EpmdWire.NAMES_REQ}).readToEnd();
            assertThat(new String(reply, 4, reply.length - 4, StandardCharsets.UTF_8))
                    .isEqualTo("name " + name + " at port 5000\n");
        }
    }
}
