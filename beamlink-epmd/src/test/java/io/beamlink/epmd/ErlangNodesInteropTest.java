package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpRelease;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real Erlang nodes use Beamlink's daemon as their epmd. */
class ErlangNodesInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    private static EpmdDaemon daemon() throws Exception {
        return EpmdDaemon.start(EpmdConfig.builder().port(FreePort.find())
                .addresses(List.of(InetAddress.getByName("127.0.0.1"))).debugOutput(new DebugCapture().stream()).build());
    }

    @ParameterizedTest
    @MethodSource("releases")
    void twoNodesRegisterFindAndPingEachOther(OtpRelease release) throws Exception {
        try (EpmdDaemon daemon = daemon();
             OtpPeer first = OtpPeer.builder().release(release).sname("first").epmdPort(daemon.port()).start();
             OtpPeer second = OtpPeer.builder().release(release).sname("second").epmdPort(daemon.port()).start()) {
            assertThat(daemon.registeredNames()).extracting(NameEntry::name).containsExactlyInAnyOrder("first", "second");
            assertThat(first.eval("net_adm:ping('" + second.nodeName() + "')")).isEqualTo("pong");
            assertThat(second.eval("net_adm:ping('" + first.nodeName() + "')")).isEqualTo("pong");
            String host = first.nodeName().substring(first.nodeName().indexOf('@') + 1);
            String names = first.eval("{ok, Names} = net_adm:names(\"" + host + "\"), lists:sort([N || {N, _} <- Names])");
            assertThat(names).isEqualTo("[\"first\",\"second\"]");
            String port = first.eval("{ok, Names2} = net_adm:names(\"" + host + "\"), proplists:get_value(\"second\", Names2)");
            assertThat(EpmdClient.of("127.0.0.1", daemon.port()).lookup("second")).map(a -> Integer.toString(a.port()))
                    .contains(port);
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void aNodeThatStopsIsUnregistered(OtpRelease release) throws Exception {
        try (EpmdDaemon daemon = daemon()) {
            EpmdClient client = EpmdClient.of("127.0.0.1", daemon.port());
            try (OtpPeer node = OtpPeer.builder().release(release).sname("shortlived").epmdPort(daemon.port()).start()) {
                assertThat(client.lookup("shortlived")).map(NodeAddress::highestVersion).contains(6);
            }
            await().atMost(PATIENCE).until(() -> client.lookup("shortlived").isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void anErlangNodeFindsAJavaRegisteredName(OtpRelease release) throws Exception {
        try (EpmdDaemon daemon = daemon();
             EpmdRegistration java = EpmdClient.of("127.0.0.1", daemon.port()).register("javanode", 4321);
             OtpPeer node = OtpPeer.builder().release(release).sname("asker").epmdPort(daemon.port()).start()) {
            String host = node.nodeName().substring(node.nodeName().indexOf('@') + 1);
            assertThat(node.eval("erl_epmd:port_please(\"javanode\", \"" + host + "\")")).isEqualTo("{port,4321,6}");
            assertThat(node.eval("erl_epmd:port_please(\"nobody\", \"" + host + "\")")).isEqualTo("noport");
            assertThat(java.isOpen()).isTrue();
        }
    }
}
