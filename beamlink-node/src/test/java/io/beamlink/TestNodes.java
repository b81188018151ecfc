package io.beamlink;

import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Java nodes for tests: unique names, the test cookie, a given epmd port, loopback only. */
final class TestNodes {
    static final String COOKIE = "beamlink-test";

    private TestNodes() {
    }

    static String uniqueAlive(String prefix) {
        return prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    static NodeConfig.Builder config(NodeName name, int epmdPort) {
        return NodeConfig.builder()
                .name(name)
                .cookie(COOKIE)
                .epmdPort(epmdPort)
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress())
                .setupTimeout(Duration.ofSeconds(5));
    }

    static Node shortNamed(int epmdPort) {
        return start(config(NodeName.shortName(uniqueAlive("java")), epmdPort));
    }

    static Node longNamed(int epmdPort) {
        return start(config(NodeName.longName(uniqueAlive("java") + "@127.0.0.1"), epmdPort));
    }

    static Node start(NodeConfig.Builder config) {
        try {
            return Node.start(config.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
