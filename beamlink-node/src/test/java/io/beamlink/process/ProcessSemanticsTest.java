package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.LocalNode;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Erlang's process semantics on one node: links, exits, trap_exit, kill, monitors, receive. */
class ProcessSemanticsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Atom BOOM = Atom.of("boom");
    @RegisterExtension
    final LocalNode local = new LocalNode();

    private static ProcessBody waitForever() {
        return self -> self.receive();
    }

    private Mailbox mailboxOf(Pid pid) {
        return local.node().processes().local(pid);
    }

    @Test
    void anAbnormalExitTravelsALinkChain() {
        Pid c = local.node().spawn(self -> {
            self.receive();
            throw new ExitException(BOOM);
        });
        Pid b = local.node().spawn(self -> {
            self.link(c);
            self.receive();
        });
        Pid a = local.node().spawn(self -> {
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
        try (Mailbox parent = local.node().mailbox(); Mailbox bystander = local.node().mailbox()) {
            parent.trapExit(true);
            Pid crashing = local.node().spawnLink(parent, self -> {
                throw new ExitException(BOOM);
            });
            assertThat(parent.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("EXIT"), crashing, BOOM));

            Pid normal = local.node().spawnLink(bystander, self -> { });
            await().atMost(WAIT).until(() -> local.node().processes().local(normal) == null);
            assertThat(bystander.isAlive()).isTrue();
            assertThat(bystander.receive(Duration.ZERO)).isNull();
        }
    }

    @Test
    void killCannotBeTrappedAndLinkedProcessesSeeKilled() throws Exception {
        try (Mailbox killer = local.node().mailbox(); Mailbox watcher = local.node().mailbox()) {
            watcher.trapExit(true);
            Pid victim = local.node().spawn(self -> {
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
        try (Mailbox watcher = local.node().mailbox()) {
            Spawned s = local.node().spawnMonitor(watcher, self -> {
                throw new IllegalStateException("bad state");
            });
            Tuple down = (Tuple) watcher.receive(WAIT);
            assertThat(down.get(1)).isEqualTo(s.monitor());
            assertThat(down.get(4)).isEqualTo(Tuple.of(Atom.of("java_exception"),
                    Atom.of("java.lang.IllegalStateException"), Term.binary("bad state")));
        }
    }

    @Test
    void onlyTheProcessThreadRunsItsMailboxOnce() throws Exception {
        try (Mailbox plain = local.node().mailbox(); Mailbox parent = local.node().mailbox()) {
            assertThatThrownBy(plain::run).isInstanceOf(IllegalStateException.class);
            local.node().spawn(self -> {
                Term again;
                try {
                    self.run();
                    again = Atom.of("ran_twice");
                } catch (IllegalStateException e) {
                    again = Atom.of("refused");
                }
                self.send(parent.self(), again);
            });
            assertThat(parent.receive(WAIT)).isEqualTo(Atom.of("refused"));
        }
    }

    @Test
    void aProcessHoldingItsMailboxsMonitorWhileItWaitsCanStillBeMonitoredAndKilled() throws Exception {
        try (Mailbox watcher = local.node().mailbox()) {
            CountDownLatch holding = new CountDownLatch(1);
            Pid victim = local.node().spawn(self -> {
                synchronized (self) {
                    holding.countDown();
                    self.receive();
                }
            });
            assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Ref ref = watcher.monitor(victim);
            watcher.exit(victim, Atom.of("kill"));
            assertThat(watcher.receive(WAIT)).isEqualTo(
                    Tuple.of(Atom.of("DOWN"), ref, Atom.of("process"), victim, Atom.of("killed")));
        }
    }

    @Test
    void monitorsByPidAndByNameWithNoprocAndDemonitorFlush() throws Exception {
        try (Mailbox watcher = local.node().mailbox()) {
            Pid server = local.node().spawn(waitForever());
            local.node().register("server", server);
            Ref byName = watcher.monitor(Atom.of("server"), local.node().name());
            Ref byPid = watcher.monitor(server);
            watcher.exit(server, BOOM);
            List<Term> downs = new ArrayList<>(List.of(watcher.receive(WAIT), watcher.receive(WAIT)));
            assertThat(downs).containsExactlyInAnyOrder(
                    Tuple.of(Atom.of("DOWN"), byName, Atom.of("process"), Tuple.of(Atom.of("server"), local.node().name()), BOOM),
                    Tuple.of(Atom.of("DOWN"), byPid, Atom.of("process"), server, BOOM));
            assertThat(local.node().whereis("server")).isEmpty();

            Ref none = watcher.monitor(Atom.of("nobody"), local.node().name());
            assertThat(watcher.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("DOWN"), none, Atom.of("process"),
                    Tuple.of(Atom.of("nobody"), local.node().name()), Atom.of("noproc")));

            Pid quick = local.node().spawn(self -> { });
            Ref flushed = watcher.monitor(quick);
            await().atMost(WAIT).until(() -> watcher.queueLength() == 1);
            watcher.demonitor(flushed, true);
            assertThat(watcher.receive(Duration.ZERO)).isNull();
        }
    }

    @Test
    void unlinkAndDemonitorOfNothingLeaveAMailboxWithoutLinksAndMonitors() {
        // Most processes never link or monitor; undoing what was never done must not give them the
        // table of links and monitors they do not need.
        try (Mailbox plain = local.node().mailbox(); Mailbox other = local.node().mailbox()) {
            plain.unlink(other.self());
            plain.demonitor(local.node().processes().makeRef(), true);
            plain.unlink(new Pid(Atom.of("elsewhere@127.0.0.1"), 1, 0, 1));
            assertThat(plain.signalsIfAny()).isNull();
            assertThat(other.signalsIfAny()).isNull();
        }
    }

    @Test
    void manyMonitorsOnOneProcessEachEndWithTheirOwnDownOrDemonitor() throws Exception {
        int watchers = 6;
        Pid target = local.node().spawn(waitForever());
        List<Mailbox> boxes = new ArrayList<>();
        try {
            List<Ref> refs = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                Mailbox box = local.node().mailbox();
                boxes.add(box);
                refs.add(box.monitor(target));
            }
            Ref second = boxes.get(0).monitor(target);
            boxes.get(0).demonitor(refs.get(0), true);
            boxes.get(3).demonitor(refs.get(3), true);
            boxes.get(0).exit(target, BOOM);
            assertThat(boxes.get(0).receive(WAIT))
                    .isEqualTo(Tuple.of(Atom.of("DOWN"), second, Atom.of("process"), target, BOOM));
            for (int i = 1; i < watchers; i++) {
                if (i == 3) {
                    continue;
                }
                assertThat(boxes.get(i).receive(WAIT))
                        .isEqualTo(Tuple.of(Atom.of("DOWN"), refs.get(i), Atom.of("process"), target, BOOM));
            }
            for (Mailbox box : boxes) {
                assertThat(box.receive(Duration.ZERO)).as("no other DOWN for %s", box).isNull();
            }
        } finally {
            boxes.forEach(Mailbox::close);
        }
    }

    @Test
    void selectiveReceiveLeavesOtherMessagesInOrder() throws Exception {
        try (Mailbox box = local.node().mailbox()) {
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
        Pid a = local.node().spawn(waitForever());
        Pid b = local.node().spawn(waitForever());
        local.node().register("a", a);
        assertThatThrownBy(() -> local.node().register("a", b)).hasMessageContaining("badarg");
        assertThatThrownBy(() -> local.node().register("other", a)).hasMessageContaining("badarg");
        assertThat(local.node().whereis("a")).contains(a);
        assertThat(local.node().registered()).contains(Atom.of("a"));
        local.node().unregister("a");
        assertThatThrownBy(() -> local.node().unregister("a")).hasMessageContaining("badarg");
        assertThat(local.node().whereis("a")).isEmpty();
    }

    @Test
    void aHundredThousandProcessesLinkedToAKilledParentAllDie() throws Exception {
        int count = 100_000;
        List<Pid> children = new CopyOnWriteArrayList<>();
        CountDownLatch spawned = new CountDownLatch(1);
        Pid parent = local.node().spawn(self -> {
            List<Pid> mine = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                mine.add(local.node().spawnLink(self, waitForever()));
            }
            children.addAll(mine);
            spawned.countDown();
            self.receive();
        });
        assertThat(spawned.await(60, TimeUnit.SECONDS)).isTrue();
        try (Mailbox watcher = local.node().mailbox()) {
            Ref first = watcher.monitor(children.get(0));
            Ref last = watcher.monitor(children.get(count - 1));
            watcher.exit(parent, Mailbox.KILL);
            // The parent dies as killed, and that is the reason its links pass on.
            assertThat(downReason(watcher, first)).isEqualTo(Mailbox.KILLED);
            assertThat(downReason(watcher, last)).isEqualTo(Mailbox.KILLED);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> children.stream().allMatch(p -> mailboxOf(p) == null));
    }

    private static Term downReason(Mailbox watcher, Ref ref) throws InterruptedException {
        return watcher.receive(m -> m instanceof Tuple t && t.arity() == 5 && t.get(1).equals(ref) ? t.get(4) : null,
                Duration.ofSeconds(60));
    }
}
