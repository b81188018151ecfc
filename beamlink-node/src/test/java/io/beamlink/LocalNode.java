package io.beamlink;

import io.beamlink.node.NodeConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh node without distribution for each test, closed after it:
 * {@code @RegisterExtension final LocalNode local = new LocalNode();} then {@code local.node()}.
 */
public final class LocalNode implements BeforeEachCallback, AfterEachCallback {
    private Node node;

    public Node node() {
        return node;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        node = Node.start(NodeConfig.builder().build());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        node.close();
    }
}
