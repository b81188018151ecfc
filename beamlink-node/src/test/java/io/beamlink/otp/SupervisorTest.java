package io.beamlink.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.LocalNode;
import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Supervisor strategies, restart types, intensity and shutdown, on one node. */
class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    final LocalNode local = new LocalNode();
    private final Map<String, Pid> current = new ConcurrentHashMap<>();

    /** A worker that records its pid under its id and waits for a message telling it how to exit. */
    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, (sup, args) -> {
            Pid pid = local.node().spawnLink(sup, self -> {
                Term order = self.receive();
                throw new ExitException(order);
            });
            current.put(id, pid);
            return pid;
        });
    }

    private void crash(String id, Term reason) {
        local.node().processes().local(current.get(id)).exit(current.get(id), reason);
    }

    private Pid supervisor(Supervisor.Strategy strategy, int intensity, ChildSpec... children) throws Exception {
        return Supervisor.start(local.node(), new Supervisor.Spec(strategy, intensity, Duration.ofSeconds(5), List.of(children)),
                null, null);
    }

    private void awaitRestart(String id, Pid old) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(WAIT)
                .until(() -> !old.equals(current.get(id)));
    }

    @Test
    void oneForOneRestartsOnlyTheFailedChild() throws Exception {
        supervisor(Supervisor.Strategy.ONE_FOR_ONE, 3, worker("a"), worker("b"));
        Pid a = current.get("a");
        Pid b = current.get("b");
        crash("a", Atom.of("boom"));
        awaitRestart("a", a);
        assertThat(current.get("b")).isEqualTo(b);
    }

    @Test
    void oneForAllAndRestForOne() throws Exception {
        supervisor(Supervisor.Strategy.ONE_FOR_ALL, 3, worker("a"), worker("b"), worker("c"));
        Pid a = current.get("a");
        Pid c = current.get("c");
        crash("b", Atom.of("boom"));
        awaitRestart("a", a);
        awaitRestart("c", c);

        current.clear();
        supervisor(Supervisor.Strategy.REST_FOR_ONE, 3, worker("x"), worker("y"), worker("z"));
        Pid x = current.get("x");
        Pid z = current.get("z");
        Pid y = current.get("y");
        crash("y", Atom.of("boom"));
        awaitRestart("y", y);
        awaitRestart("z", z);
        assertThat(current.get("x")).isEqualTo(x);
    }

    @Test
    void transientAndTemporaryChildren() throws Exception {
        Pid sup = supervisor(Supervisor.Strategy.ONE_FOR_ONE, 3,
                worker("t").withRestart(ChildSpec.Restart.TRANSIENT), worker("tmp").withRestart(ChildSpec.Restart.TEMPORARY));
        Pid t = current.get("t");
        crash("t", Atom.of("normal"));
        crash("tmp", Atom.of("boom"));
        try (Mailbox caller = local.node().mailbox()) {
            await().atMost(WAIT).until(() -> Supervisor.whichChildren(caller, sup, WAIT)
                    .equals(Term.list(Tuple.of(Atom.of("t"), Atom.UNDEFINED, Atom.of("worker"), Atom.of("dynamic")))));
        }
        assertThat(current.get("t")).isEqualTo(t);
    }

    @Test
    void tooManyRestartsShutTheSupervisorDown() throws Exception {
        try (Mailbox watcher = local.node().mailbox()) {
            Pid sup = supervisor(Supervisor.Strategy.ONE_FOR_ONE, 2, worker("a"));
            var ref = watcher.monitor(sup);
            for (int i = 0; i < 3; i++) {
                Pid old = current.get("a");
                crash("a", Atom.of("boom"));
                if (i < 2) {
                    awaitRestart("a", old);
                }
            }
            Tuple down = (Tuple) watcher.receive(WAIT);
            assertThat(down.get(1)).isEqualTo(ref);
            assertThat(down.get(4)).isEqualTo(Atom.of("shutdown"));
        }
    }

    @Test
    void simpleOneForOneStartsChildrenOnDemand() throws Exception {
        ChildSpec template = ChildSpec.worker("dyn", (sup, args) -> local.node().spawnLink(sup, self -> self.receive()));
        Pid sup = supervisor(Supervisor.Strategy.SIMPLE_ONE_FOR_ONE, 3, template);
        try (Mailbox caller = local.node().mailbox()) {
            for (int i = 0; i < 3; i++) {
                Term started = Supervisor.startChild(caller, sup, List.of(), WAIT);
                assertThat(((Tuple) started).get(0)).isEqualTo(Atom.OK);
            }
            assertThat(((ErlList) Supervisor.whichChildren(caller, sup, WAIT)).size()).isEqualTo(3);
        }
    }

    @Test
    void tenThousandRestartsLeaveNoProcessesBehind() throws Exception {
        supervisor(Supervisor.Strategy.ONE_FOR_ONE, 1_000_000, worker("a"));
        int before = local.node().processes().mailboxes().size();
        for (int i = 0; i < 10_000; i++) {
            Pid old = current.get("a");
            crash("a", Atom.of("boom"));
            awaitRestart("a", old);
        }
        await().atMost(WAIT).until(() -> local.node().processes().mailboxes().size() == before);
    }
}
