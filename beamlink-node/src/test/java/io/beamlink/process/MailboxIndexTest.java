package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.term.Pid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pid-number index of a node's mailboxes, across its pages. */
class MailboxIndexTest {
    private static final int ACROSS_PAGES = 10_000;
    private Node node;

    @BeforeEach
    void start() throws Exception {
        node = Node.start(NodeConfig.builder().build());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void findsWhatWasAddedUntilItIsRemovedAndDropsEmptiedPages() {
        MailboxIndex index = new MailboxIndex();
        List<Mailbox> added = new ArrayList<>();
        for (int number = 0; number < ACROSS_PAGES; number++) {
            Mailbox m = node.mailbox();
            added.add(m);
            index.add(number, m);
        }
        assertThat(index.get(17)).isSameAs(added.get(17));
        assertThat(index.get(ACROSS_PAGES - 1)).isSameAs(added.get(ACROSS_PAGES - 1));
        assertThat(index.get(ACROSS_PAGES)).isNull();
        assertThat(index.get(Integer.MAX_VALUE)).isNull();
        assertThat(index.get(-1)).isNull();
        assertThat(index.values()).containsExactlyElementsOf(added);

        index.remove(17, added.get(18));
        assertThat(index.get(17)).as("only the mailbox it holds is removed").isSameAs(added.get(17));
        for (int number = 0; number < ACROSS_PAGES - 1; number++) {
            index.remove(number, added.get(number));
        }
        assertThat(index.get(17)).isNull();
        assertThat(index.values()).containsExactly(added.get(ACROSS_PAGES - 1));
        added.forEach(Mailbox::close);
    }

    @Test
    void aNodeFindsItsMailboxesByPidAndForgetsThemWhenTheyEnd() {
        List<Mailbox> boxes = new ArrayList<>();
        for (int i = 0; i < ACROSS_PAGES; i++) {
            boxes.add(node.mailbox());
        }
        for (Mailbox m : boxes) {
            assertThat(node.processes().local(m.self())).isSameAs(m);
        }
        Pid first = boxes.get(0).self();
        boxes.forEach(Mailbox::close);
        assertThat(node.processes().local(first)).isNull();
        assertThat(node.processes().mailboxes()).doesNotContainAnyElementsOf(boxes);
    }
}
