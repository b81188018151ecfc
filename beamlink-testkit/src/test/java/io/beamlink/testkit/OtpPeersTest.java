package io.beamlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-class peers of {@link OtpPeers}. */
class OtpPeersTest {

    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.configured(builder -> builder.cookie("per-class").elixir());

    @Test
    void everyTestOfTheClassGetsTheSamePeer() {
        OtpPeer peer = PEERS.peer();
        assertThat(PEERS.peer()).isSameAs(peer);
        assertThat(peer.eval("erlang:get_cookie()")).isEqualTo("'per-class'");
        assertThat(peer.evalElixir("1 + 1")).isEqualTo("2");
        assertThat(peer.eval("os:getenv(\"ERL_EPMD_PORT\")")).isEqualTo("\"" + PEERS.epmdPort() + "\"");
    }

    @Test
    void aPeerThatDiedIsStartedAgain() {
        OtpPeer peer = PEERS.peer();
        peer.signal("KILL");
        assertThatThrownBy(() -> peer.eval("ok")).isInstanceOf(OtpPeerException.class);
        OtpPeer again = PEERS.peer();
        assertThat(again).isNotSameAs(peer);
        assertThat(again.eval("ok")).isEqualTo("ok");
    }

    @Test
    void evalElixirOnAnErlPeerSaysWhatIsWrong() {
        try (OtpPeer erl = OtpPeer.builder().noDistribution().start()) {
            assertThatThrownBy(() -> erl.evalElixir("1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("OtpPeer.builder().elixir()");
        }
    }
}
