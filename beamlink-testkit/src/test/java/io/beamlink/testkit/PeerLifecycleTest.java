package io.beamlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, signalling and stopping peers and epmd: nothing a test starts outlives it. */
class PeerLifecycleTest {

    @Test
    void closeLeavesNoBeamAndNoEpmdBehind() throws Exception {
        int port = FreePort.find();
        String alive = "cleanup" + DistributedPeersTest.suffix();
        OtpEpmd epmd = OtpEpmd.start(OtpRelease.host(), port);
        OtpPeer peer = OtpPeer.builder().sname(alive).epmdPort(port).start();
        List<ProcessHandle> forked;
        try {
            assertThat(ProcFs.pidsWithCommandLineContaining("-sname " + alive)).containsExactly(peer.osPid());
            assertThat(ProcFs.pidsWithCommandLineContaining("epmd -port " + port)).hasSize(1);
            // helpers the BEAM forks (erl_child_setup at least) must go too
            forked = ProcessHandle.of(peer.osPid()).orElseThrow().descendants().toList();
            assertThat(forked).isNotEmpty();
        } finally {
            peer.close();
            epmd.close();
        }
        assertThat(ProcFs.pidsWithCommandLineContaining(alive)).isEmpty();
        assertThat(ProcFs.pidsWithCommandLineContaining("epmd -port " + port)).isEmpty();
        assertThat(forked).noneMatch(ProcessTree::isRunning);
        assertThat(peer.isAlive()).isFalse();
        peer.close(); // idempotent
        epmd.close();
    }

    @Test
    void theOsPidIsTheBeamItself() throws Exception {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            String command = ProcessHandle.of(peer.osPid()).orElseThrow().info().command().orElse("");
            assertThat(command).endsWith("beam.smp");
        }
    }

    @Test
    void aStoppedPeerIsKilledByClose() throws Exception {
        OtpPeer peer = OtpPeer.builder().noDistribution().start();
        try {
            peer.signal("STOP");
            assertThatThrownBy(() -> peer.eval("ok", Duration.ofMillis(300)))
                    .isInstanceOf(OtpPeerException.class)
                    .hasMessageContaining("did not answer `ok` within 300 ms");
            peer.signal("CONT");
            // the late reply to the timed-out request is skipped, not taken for this one
            assertThat(peer.eval("answer")).isEqualTo("answer");
            peer.signal("STOP");
        } finally {
            peer.close();
        }
        assertThat(ProcessHandle.of(peer.osPid()).map(ProcessTree::isRunning).orElse(false)).isFalse();
    }

    @Test
    void aKilledPeerIsReportedAsDead() {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().start()) {
            peer.signal("KILL");
            assertThatThrownBy(() -> peer.eval("ok"))
                    .isInstanceOf(OtpPeerException.class)
                    .hasMessageContaining("exited with status 137");
            assertThat(peer.isAlive()).isFalse();
        }
    }

    @Test
    void aPeerThatCannotStartReportsItsOutput() {
        assertThatThrownBy(() -> OtpPeer.builder().noDistribution().args("-boot", "no_such_boot_file").start())
                .isInstanceOf(OtpPeerException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("no_such_boot_file");
    }

    @Test
    void aSecondEpmdOnATakenPortIsReported() throws Exception {
        int port = FreePort.find();
        try (OtpEpmd running = OtpEpmd.start(OtpRelease.host(), port)) {
            assertThatThrownBy(() -> OtpEpmd.start(OtpRelease.host(), port))
                    .isInstanceOf(OtpPeerException.class)
                    .hasMessageContaining("on port " + port + " exited with status")
                    .hasMessageContaining("already");
            assertThat(ProcFs.pidsWithCommandLineContaining("epmd -port " + running.port())).hasSize(1);
        }
    }

    @Test
    void freePortsAreUsableOnLoopback() throws Exception {
        int port = FreePort.find();
        assertThat(port).isBetween(1024, 65535);
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
