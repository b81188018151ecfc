package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A million idle processes in one node, each parked in receive, all alive and all reachable;
 * closing the node ends them. The count is bounded by {@code -Dbeamlink.load.processes}.
 */
class IdleProcessesLoadTest {
    private static final int COUNT = Integer.getInteger("beamlink.load.processes", 1_000_000);

    @Test
    void aMillionIdleProcesses() throws Exception {
        Pid last = null;
        Node node = Node.start(NodeConfig.builder().build());
        try {
            for (int i = 0; i < COUNT; i++) {
                last = node.spawn(self -> self.receive());
            }
            // The table counts net_kernel and rex too.
            assertThat(node.processes().mailboxes()).hasSizeGreaterThanOrEqualTo(COUNT);
            Mailbox lastBox = node.processes().local(last);
            assertThat(lastBox).isNotNull();
            lastBox.deliver(Atom.of("wake_up"));
            Pid finished = last;
            await().atMost(Duration.ofSeconds(30)).until(() -> node.processes().local(finished) == null);
        } finally {
            node.close();
        }
        assertThat(node.processes().mailboxes()).isEmpty();
    }
}
