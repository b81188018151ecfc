package io.beamlink.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rpc:call from the shell to a real erl node, and the shell's process reached from erl. */
class ShellRpcInteropTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    @Test
    void rpcCallsAnErlangNode() throws Exception {
        OtpPeer erl = PEERS.peer();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (Node node = Node.start(NodeConfig.builder()
                        .name(NodeName.shortName("rpc" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)))
                        .cookie("beamlink-test").epmdPort(PEERS.epmdPort()).embeddedEpmd(false)
                        .listenAddress(InetAddress.getLoopbackAddress()).build());
                ShellSession shell = new ShellSession(node, new PrintStream(output, true, StandardCharsets.UTF_8),
                        () -> { })) {
            String peer = "'" + erl.nodeName() + "'";
            shell.evaluateAll("rpc:call(" + peer + ", lists, reverse, [[1, 2, 3]]).");
            shell.evaluateAll("rpc:call(" + peer + ", erlang, node, [], 10000).");
            shell.evaluateAll("{badrpc, {'EXIT', {Reason, _}}} = rpc:call(" + peer + ", erlang, error, [oops]), Reason.");
            shell.evaluateAll("rpc:call('nobody@nohost', erlang, node, []).");
            assertThat(output.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                    "[3,2,1]", erl.nodeName().contains(".") ? peer : erl.nodeName(), "oops", "{badrpc,nodedown}");
        }
    }
}
