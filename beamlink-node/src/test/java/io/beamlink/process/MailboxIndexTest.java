package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.LocalNode;
import io.beamlink.term.Pid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pid-number index of a node's mailboxes, across its pages. */
class MailboxIndexTest {
    private static final int ACROSS_PAGES = 10_000;
    @RegisterExtension
    final LocalNode local = new LocalNode();

    @Test
    void findsWhatWasAddedUntilItIsRemovedAndDropsEmptiedPages() {
        MailboxIndex index = new MailboxIndex();
        List<Mailbox> added = new ArrayList<>();
        for (int number = 0; number < ACROSS_PAGES; number++) {
            Mailbox m = local.node().mailbox();
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
            boxes.add(local.node().mailbox());
        }
        for (Mailbox m : boxes) {
            assertThat(local.node().processes().local(m.self())).isSameAs(m);
        }
        Pid first = boxes.get(0).self();
        boxes.forEach(Mailbox::close);
        assertThat(local.node().processes().local(first)).isNull();
        assertThat(local.node().processes().mailboxes()).doesNotContainAnyElementsOf(boxes);
    }
}
