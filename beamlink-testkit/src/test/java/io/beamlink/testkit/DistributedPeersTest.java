package io.beamlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host peers with distribution, registered with an OTP epmd on a free port. */
class DistributedPeersTest {

    private OtpEpmd epmd;

    @BeforeEach
    void startEpmd() {
        epmd = OtpEpmd.start(OtpRelease.host(), FreePort.find());
    }

    @AfterEach
    void stopEpmd() {
        epmd.close();
    }

    @Test
    void twoPeersPingEachOtherThroughTheEpmd() {
        try (OtpPeer first = OtpPeer.builder().sname("first" + suffix()).epmdPort(epmd.port()).start();
             OtpPeer second = OtpPeer.builder().sname("second" + suffix()).epmdPort(epmd.port()).start()) {
            assertThat(first.eval("net_adm:ping('" + second.nodeName() + "')")).isEqualTo("pong");
            assertThat(second.eval("net_adm:ping('" + first.nodeName() + "')")).isEqualTo("pong");
            assertThat(first.eval("nodes() =:= ['" + second.nodeName() + "']")).isEqualTo("true");
            assertThat(first.eval("{ok, Names} = net_adm:names(), lists:sort([N || {N, _} <- Names])"))
                    .contains("\"first", "\"second");
        }
    }

    @Test
    void nodeNameIsWhatTheShortNameBecomes() {
        String alive = "short" + suffix();
        try (OtpPeer peer = OtpPeer.builder().sname(alive).epmdPort(epmd.port()).start()) {
            assertThat(peer.nodeName()).startsWith(alive + "@").doesNotContain("'");
            assertThat(peer.eval("node()")).isEqualTo(peer.nodeName());
            assertThat(peer.eval("erlang:get_cookie()")).isEqualTo("'beamlink-test'");
        }
    }

    @Test
    void longNamesCookiesAndHiddenPeers() {
        try (OtpPeer visible = OtpPeer.builder().name("long" + suffix() + "@127.0.0.1").cookie("other")
                     .epmdPort(epmd.port()).start();
             OtpPeer hidden = OtpPeer.builder().name("hidden" + suffix() + "@127.0.0.1").cookie("other")
                     .hidden().epmdPort(epmd.port()).start()) {
            assertThat(visible.nodeName()).endsWith("@127.0.0.1");
            assertThat(hidden.eval("net_adm:ping('" + visible.nodeName() + "')")).isEqualTo("pong");
            assertThat(visible.eval("nodes()")).isEqualTo("[]");
            assertThat(visible.eval("nodes(hidden) =:= ['" + hidden.nodeName() + "']")).isEqualTo("true");
        }
    }

    @Test
    void extraArgumentsAndEnvironmentReachThePeer() {
        try (OtpPeer peer = OtpPeer.builder().sname("args" + suffix()).epmdPort(epmd.port())
                .args("-kernel", "net_ticktime", "4").env("BEAMLINK_PROBE", "here").start()) {
            assertThat(peer.eval("net_kernel:get_net_ticktime()")).isEqualTo("4");
            assertThat(peer.eval("os:getenv(\"BEAMLINK_PROBE\")")).isEqualTo("\"here\"");
            assertThat(peer.eval("os:getenv(\"ERL_EPMD_PORT\")")).isEqualTo("\"" + epmd.port() + "\"");
        }
    }

    @Test
    void aDistributedPeerWithoutEpmdFailsAndSaysHowToFixIt() {
        int nobodyListens = FreePort.find();
        assertThatThrownBy(() -> OtpPeer.builder().epmdPort(nobodyListens).start())
                .isInstanceOf(OtpPeerException.class)
                .hasMessageContaining("no epmd listens on 127.0.0.1:" + nobodyListens)
                .hasMessageContaining("OtpEpmd.start");
    }

    @Test
    void epmdDebugOutputIsCollected() {
        int port = FreePort.find();
        OtpEpmd debugging = OtpEpmd.start(OtpRelease.host(), port, "-d", "-d");
        String alive = "debugged" + suffix();
        try (debugging; OtpPeer peer = OtpPeer.builder().sname(alive).epmdPort(port).start()) {
            assertThat(peer.nodeName()).startsWith(alive);
        }
        // close() waits for the end of epmd's output, so every line is in by now
        assertThat(String.join("\n", debugging.outputLines())).contains(alive);
    }

    static String suffix() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
