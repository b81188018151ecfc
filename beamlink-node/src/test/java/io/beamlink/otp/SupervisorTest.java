package io.beamlink.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.LocalNode;
import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void tenThousandRestartsLeaveNoProcessesBehindAndMemoryFlat() throws Exception {
        supervisor(Supervisor.Strategy.ONE_FOR_ONE, 1_000_000, worker("a"));
        int before = local.node().processes().mailboxes().size();
        long heapBefore = 0;
        for (int i = 0; i < 10_000; i++) {
            if (i == 1_000) {
                // After a first thousand, so that what is made once (JIT, caches) is not counted.
                heapBefore = usedHeapAfterGc();
            }
            Pid old = current.get("a");
            crash("a", Atom.of("boom"));
            awaitRestart("a", old);
        }
        await().atMost(WAIT).until(() -> local.node().processes().mailboxes().size() == before);
        // 9,000 restarts that each kept even 1 KiB would add about 9 MiB.
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth over 9,000 restarts").isLessThan(4L << 20);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Shutting a child down: brutal_kill kills it at once; a child that traps exits and ignores
     * the shutdown is killed when its shutdown time is up; with infinity the supervisor waits
     * until the child exits by itself. Each child reports how it ended to a watcher.
     */
    @Test
    void shutdownTimesBrutalKillAndInfinity() throws Exception {
        try (Mailbox watcher = local.node().mailbox(); Mailbox parent = local.node().mailbox()) {
            ChildSpec brutal = trapping("brutal", watcher.self(), false).withShutdown(ChildSpec.BRUTAL_KILL);
            ChildSpec stubborn = trapping("stubborn", watcher.self(), false).withShutdown(Duration.ofMillis(200));
            ChildSpec patient = trapping("patient", watcher.self(), true).withShutdown(ChildSpec.INFINITY);
            Pid sup = Supervisor.start(local.node(), new Supervisor.Spec(Supervisor.Strategy.ONE_FOR_ONE, 3,
                    Duration.ofSeconds(5), List.of(patient, stubborn, brutal)), null, parent);
            var ref = watcher.monitor(sup);
            var brutalEnd = watcher.monitor(current.get("brutal"));
            var stubbornEnd = watcher.monitor(current.get("stubborn"));
            var patientEnd = watcher.monitor(current.get("patient"));
            // As from an application master: the parent's exit is what shuts a supervisor down.
            parent.close(Atom.of("shutdown"));
            // Children stop in reverse start order; the patient one takes its time and then exits with the reason.
            assertThat(downReason(watcher, brutalEnd)).isEqualTo(Atom.of("killed"));
            assertThat(watcher.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("got_shutdown"), Atom.of("stubborn")));
            assertThat(downReason(watcher, stubbornEnd)).isEqualTo(Atom.of("killed"));
            assertThat(watcher.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("got_shutdown"), Atom.of("patient")));
            // Waited for, not killed after some timeout: it exited with the shutdown it was sent.
            assertThat(downReason(watcher, patientEnd)).isEqualTo(Atom.of("shutdown"));
            assertThat(downReason(watcher, ref)).isEqualTo(Atom.of("shutdown"));
            assertThat(watcher.receive(Duration.ofMillis(200))).isNull();
        }
    }

    private static Term downReason(Mailbox watcher, Ref ref) throws InterruptedException {
        return watcher.receive(m -> m instanceof Tuple t && t.arity() == 5 && t.get(1).equals(ref) ? t.get(4) : null,
                WAIT);
    }

    /**
     * A worker that traps exits and tells {@code watcher} when the supervisor's shutdown reaches it;
     * it then exits with that reason after a pause when {@code obeys}, or ignores it.
     */
    private ChildSpec trapping(String id, Pid watcher, boolean obeys) {
        return ChildSpec.worker(id, (sup, args) -> {
            // Trapping before the start returns, as a gen_server's init runs before start_link
            // returns: a shutdown sent earlier would otherwise kill it untrapped.
            CountDownLatch trapping = new CountDownLatch(1);
            Pid pid = local.node().spawnLink(sup, self -> {
                self.trapExit(true);
                trapping.countDown();
                while (true) {
                    Term message = self.receive();
                    if (message instanceof Tuple t && t.isTagged(Atom.of("EXIT"), 3)) {
                        self.send(watcher, Tuple.of(Atom.of("got_shutdown"), Atom.of(id)));
                        if (obeys) {
                            Thread.sleep(1000); // well past the stubborn child's 200 ms
                            throw new ExitException(t.get(2));
                        }
                    }
                }
            });
            if (!trapping.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(id + " did not start trapping exits");
            }
            current.put(id, pid);
            return pid;
        });
    }

    /** A restart whose start fails is tried again, each try counting towards the intensity. */
    @Test
    void aFailingRestartIsRetriedUntilTheIntensityIsSpent() throws Exception {
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        ChildSpec flaky = ChildSpec.worker("flaky", (sup, args) -> {
            int n = starts.incrementAndGet();
            if (n == 2 || n >= 4) {
                throw new IllegalStateException("start " + n + " fails");
            }
            Pid pid = local.node().spawnLink(sup, self -> {
                Term order = self.receive();
                throw new ExitException(order);
            });
            current.put("flaky", pid);
            return pid;
        });
        try (Mailbox watcher = local.node().mailbox()) {
            Pid sup = supervisor(Supervisor.Strategy.ONE_FOR_ONE, 3, flaky);
            var ref = watcher.monitor(sup);
            Pid first = current.get("flaky");
            crash("flaky", Atom.of("boom"));
            // Start 2 fails, start 3 succeeds: two restarts counted.
            awaitRestart("flaky", first);
            assertThat(starts.get()).isEqualTo(3);
            crash("flaky", Atom.of("boom"));
            // Start 4 fails: the fourth restart in the period is one too many.
            Tuple down = (Tuple) watcher.receive(WAIT);
            assertThat(down.get(1)).isEqualTo(ref);
            assertThat(down.get(4)).isEqualTo(Atom.of("shutdown"));
            assertThat(starts.get()).isEqualTo(4);
        }
    }

    /**
     * one_for_all, a restart whose third start fails: the retry stops the two children it had
     * started and starts all three again, in order, as OTP's supervisor does.
     */
    @Test
    void aOneForAllRetryRestartsEveryChildInOrder() throws Exception {
        List<String> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failNextC = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Function<String, ChildSpec> logged = id -> ChildSpec.worker(id, (sup, args) -> {
            if (id.equals("c") && failNextC.getAndSet(false)) {
                starts.add("c failed");
                throw new IllegalStateException("c does not start this time");
            }
            starts.add(id);
            Pid pid = local.node().spawnLink(sup, self -> {
                Term order = self.receive();
                throw new ExitException(order);
            });
            current.put(id, pid);
            return pid;
        });
        supervisor(Supervisor.Strategy.ONE_FOR_ALL, 5, logged.apply("a"), logged.apply("b"), logged.apply("c"));
        Pid c = current.get("c");
        int processes = local.node().processes().mailboxes().size();
        failNextC.set(true);
        crash("b", Atom.of("boom"));
        awaitRestart("c", c);
        assertThat(starts).containsExactly("a", "b", "c", "a", "b", "c failed", "a", "b", "c");
        // The a and b of the failed try were stopped: three children again, no more.
        await().atMost(WAIT).until(() -> local.node().processes().mailboxes().size() == processes);
    }
}
