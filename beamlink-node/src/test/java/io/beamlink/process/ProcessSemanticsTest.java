package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erlang's process semantics on one node: links, exits, trap_exit, kill, monitors, receive. */
class ProcessSemanticsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Atom BOOM = Atom.of("boom");
    private Node node;

    @BeforeEach
    void start() throws Exception {
        node = Node.start(NodeConfig.builder().build());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static ProcessBody waitForever() {
        return self -> self.receive();
    }

    private Mailbox mailboxOf(Pid pid) {
        return node.processes().local(pid);
    }

    @Test
    void anAbnormalExitTravelsALinkChain() {
        Pid c = node.spawn(self -> {
            self.receive();
            throw new ExitException(BOOM);
        });
        Pid b = node.spawn(self -> {
            self.link(c);
            self.receive();
        });
        Pid a = node.spawn(self -> {
            self.link(b);
            self.receive();
        });
        await().atMost(WAIT).until(() -> mailboxOf(a) != null && mailboxOf(b) != null);
        Mailbox ma = mailboxOf(a);
        Mailbox mb = mailboxOf(b);
        mailboxOf(c).deliver(Atom.of("go"));
        await().atMost(WAIT).until(() -> !ma.isAlive() && !mb.isAlive());
        assertThat(ma.exitReason()).contains(BOOM);
        assertThat(mb.exitReason()).contains(BOOM);
    }

    @Test
    void trappingTurnsExitSignalsIntoMessagesAndNormalIsIgnoredOtherwise() throws Exception {
        try (Mailbox parent = node.mailbox(); Mailbox bystander = node.mailbox()) {
            parent.trapExit(true);
            Pid crashing = node.spawnLink(parent, self -> {
                throw new ExitException(BOOM);
            });
            assertThat(parent.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("EXIT"), crashing, BOOM));

            Pid normal = node.spawnLink(bystander, self -> { });
            await().atMost(WAIT).until(() -> node.processes().local(normal) == null);
            assertThat(bystander.isAlive()).isTrue();
            assertThat(bystander.receive(Duration.ZERO)).isNull();
        }
    }

    @Test
    void killCannotBeTrappedAndLinkedProcessesSeeKilled() throws Exception {
        try (Mailbox killer = node.mailbox(); Mailbox watcher = node.mailbox()) {
            watcher.trapExit(true);
            Pid victim = node.spawn(self -> {
                self.trapExit(true);
                while (true) {
                    self.receive();
                }
            });
            watcher.link(victim);
            killer.exit(victim, Atom.of("kill"));
            assertThat(watcher.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("EXIT"), victim, Atom.of("killed")));
        }
    }

    @Test
    void aJavaExceptionBecomesAnExitReasonThatDescribesIt() throws Exception {
        try (Mailbox watcher = node.mailbox()) {
            Spawned s = node.spawnMonitor(watcher, self -> {
                throw new IllegalStateException("bad state");
            });
            Tuple down = (Tuple) watcher.receive(WAIT);
            assertThat(down.get(1)).isEqualTo(s.monitor());
            assertThat(down.get(4)).isEqualTo(Tuple.of(Atom.of("java_exception"),
                    Atom.of("java.lang.IllegalStateException"), Term.binary("bad state")));
        }
    }

    @Test
    void monitorsByPidAndByNameWithNoprocAndDemonitorFlush() throws Exception {
        try (Mailbox watcher = node.mailbox()) {
            Pid server = node.spawn(waitForever());
            node.register("server", server);
            Ref byName = watcher.monitor(Atom.of("server"), node.name());
            Ref byPid = watcher.monitor(server);
            watcher.exit(server, BOOM);
            List<Term> downs = new ArrayList<>(List.of(watcher.receive(WAIT), watcher.receive(WAIT)));
            assertThat(downs).containsExactlyInAnyOrder(
                    Tuple.of(Atom.of("DOWN"), byName, Atom.of("process"), Tuple.of(Atom.of("server"), node.name()), BOOM),
                    Tuple.of(Atom.of("DOWN"), byPid, Atom.of("process"), server, BOOM));
            assertThat(node.whereis("server")).isEmpty();

            Ref none = watcher.monitor(Atom.of("nobody"), node.name());
            assertThat(watcher.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("DOWN"), none, Atom.of("process"),
                    Tuple.of(Atom.of("nobody"), node.name()), Atom.of("noproc")));

            Pid quick = node.spawn(self -> { });
            Ref flushed = watcher.monitor(quick);
            await().atMost(WAIT).until(() -> watcher.queueLength() == 1);
            watcher.demonitor(flushed, true);
            assertThat(watcher.receive(Duration.ZERO)).isNull();
        }
    }

    @Test
    void selectiveReceiveLeavesOtherMessagesInOrder() throws Exception {
        try (Mailbox box = node.mailbox()) {
            for (int i = 0; i < 10; i++) {
                box.send(box.self(), Int.of(i));
            }
            box.send(box.self(), Atom.of("urgent"));
            Atom urgent = box.receive(m -> m instanceof Atom a ? a : null, WAIT);
            assertThat(urgent).isEqualTo(Atom.of("urgent"));
            for (int i = 0; i < 10; i++) {
                assertThat(box.receive(Duration.ZERO)).isEqualTo(Int.of(i));
            }
            Term nothing = box.receive(m -> m, Duration.ofMillis(10));
            assertThat(nothing).isNull();
        }
    }

    @Test
    void registryFollowsErlangsRules() {
        Pid a = node.spawn(waitForever());
        Pid b = node.spawn(waitForever());
        node.register("a", a);
        assertThatThrownBy(() -> node.register("a", b)).hasMessageContaining("badarg");
        assertThatThrownBy(() -> node.register("other", a)).hasMessageContaining("badarg");
        assertThat(node.whereis("a")).contains(a);
        assertThat(node.registered()).contains(Atom.of("a"));
        node.unregister("a");
        assertThatThrownBy(() -> node.unregister("a")).hasMessageContaining("badarg");
        assertThat(node.whereis("a")).isEmpty();
    }

    @Test
    void aHundredThousandLinkedProcessesDieWithTheirParent() throws Exception {
        int count = 100_000;
        List<Pid> children = new ArrayList<>(count);
        try (Mailbox parent = node.mailbox()) {
            for (int i = 0; i < count; i++) {
                children.add(node.spawnLink(parent, waitForever()));
            }
            parent.close(BOOM);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().allMatch(p -> mailboxOf(p) == null));
    }
}
