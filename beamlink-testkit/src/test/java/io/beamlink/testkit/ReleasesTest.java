package io.beamlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every prepared OTP release (host, and the root filesystems of scripts/prepare-otp.sh):
 * its peers start, run Erlang and Elixir, and reach host peers through one epmd.
 */
class ReleasesTest {

    @RegisterExtension
    static final OtpPeers HOST_PEERS = OtpPeers.create();

    @Test
    void releasesAreDistinctAndRootsAreDirectories() {
        assertThat(OtpRelease.host().root()).isNull();
        assertThat(OtpRelease.host().name()).isEqualTo("host");
        assertThat(OtpRelease.available()).extracting(OtpRelease::name).doesNotHaveDuplicates();
        assertThat(OtpRelease.available()).filteredOn(release -> release.root() != null)
                .allSatisfy(release -> assertThat(release.root()).isDirectory());
    }

    @Test
    void namingAReleaseThatIsNotPreparedIsAnErrorNotASkip() {
        System.setProperty("beamlink.otp.releases", "host,no-such-suite");
        try {
            assertThatThrownBy(OtpRelease::available)
                    .isInstanceOf(OtpPeerException.class)
                    .hasMessageContaining("'no-such-suite'")
                    .hasMessageContaining("scripts/prepare-otp.sh");
            System.setProperty("beamlink.otp.releases", "host");
            assertThat(OtpRelease.available()).containsExactly(OtpRelease.host());
        } finally {
            System.clearProperty("beamlink.otp.releases");
        }
    }

    @ParameterizedTest
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void theMajorVersionIsTheInstallations(OtpRelease release) {
        try (OtpPeer peer = OtpPeer.builder().release(release).noDistribution().start()) {
            assertThat(peer.eval("erlang:system_info(otp_release)")).isEqualTo("\"" + release.major() + "\"");
            assertThat(peer.release()).isEqualTo(release);
        }
    }

    @ParameterizedTest
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void aPeerOfEachReleasePingsAHostPeerThroughOneEpmd(OtpRelease release) {
        OtpPeer hostPeer = HOST_PEERS.peer();
        try (OtpPeer peer = OtpPeer.builder().release(release).sname(release.name() + DistributedPeersTest.suffix())
                .epmdPort(HOST_PEERS.epmdPort()).start()) {
            assertThat(peer.eval("net_adm:ping('" + hostPeer.nodeName() + "')")).isEqualTo("pong");
            assertThat(hostPeer.eval("net_adm:ping('" + peer.nodeName() + "')")).isEqualTo("pong");
            assertThat(hostPeer.eval("erpc:call('" + peer.nodeName() + "', erlang, system_info, [otp_release])"))
                    .isEqualTo("\"" + release.major() + "\"");
            // both see the same short host name, so the root filesystem resolves it like the host
            assertThat(peer.nodeName().substring(peer.nodeName().indexOf('@')))
                    .isEqualTo(hostPeer.nodeName().substring(hostPeer.nodeName().indexOf('@')));
        }
    }

    @ParameterizedTest
    @MethodSource("io.beamlink.testkit.OtpRelease#available")
    void anElixirPeerOfEachReleaseEvaluatesElixirAndErlang(OtpRelease release) {
        assertThat(release.hasElixir()).as("prepare-otp.sh installs elixir in every root; the host needs it too").isTrue();
        try (OtpPeer peer = OtpPeer.builder().release(release).elixir().sname("ex" + DistributedPeersTest.suffix())
                .epmdPort(HOST_PEERS.epmdPort()).args("-kernel", "net_ticktime", "6").start()) {
            assertThat(peer.evalElixir("x = Enum.sum([1, 2, 3])")).isEqualTo("6");
            assertThat(peer.evalElixir("x * 2")).isEqualTo("12");
            assertThat(peer.evalElixir("%{a: [1, \"two\"]}")).isEqualTo("%{a: [1, \"two\"]}");
            assertThat(peer.eval("'Elixir.String':upcase(<<\"abc\">>)")).isEqualTo("<<\"ABC\">>");
            assertThat(peer.eval("net_kernel:get_net_ticktime()")).isEqualTo("6");
            assertThat(peer.evalElixir("Node.ping(:\"" + HOST_PEERS.peer().nodeName() + "\")")).isEqualTo(":pong");
            assertThatThrownBy(() -> peer.evalElixir("1 / 0"))
                    .isInstanceOfSatisfying(OtpEvalException.class,
                            e -> assertThat(e.error()).contains("ArithmeticError"));
            assertThat(peer.evalElixir("System.version()")).startsWith("\"1.");
        }
    }
}
