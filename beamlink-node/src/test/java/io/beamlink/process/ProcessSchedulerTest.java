package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.LocalNode;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Beamlink's own scheduler (the build opens java.lang to the tests, as the beamlink jar does):
 * processes run on its carriers, one that never waits does not hold up the others queued
 * behind it, and carriers held by blocked processes are joined by more.
 */
class ProcessSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Atom DONE = Atom.of("done");
    @RegisterExtension
    final LocalNode local = new LocalNode();

    @Test
    void processesRunOnBeamlinksCarriers() throws Exception {
        assertThat(ProcessScheduler.inUse()).as("java.lang opened to Beamlink by the surefire argLine").isTrue();
        AtomicReference<String> thread = new AtomicReference<>();
        try (Mailbox parent = local.node().mailbox()) {
            local.node().spawn(self -> {
                thread.set(Thread.currentThread().toString());
                self.send(parent.self(), DONE);
            });
            assertThat(parent.receive(WAIT)).isEqualTo(DONE);
        }
        assertThat(thread.get()).contains("@beamlink-carrier-");
    }

    @Test
    void aProcessThatNeverWaitsDoesNotHoldUpTheOnesQueuedBehindIt() throws Exception {
        // The spawned process is queued on the spinner's carrier; another carrier has to take it.
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean spinnerSawIt = new AtomicBoolean();
        try (Mailbox parent = local.node().mailbox()) {
            local.node().spawn(self -> {
                local.node().spawn(other -> ran.set(true));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!ran.get() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                spinnerSawIt.set(ran.get());
                self.send(parent.self(), DONE);
            });
            assertThat(parent.receive(WAIT.plusSeconds(5))).isEqualTo(DONE);
        }
        assertThat(spinnerSawIt).as("the queued process ran while the spinner held its carrier").isTrue();
    }

    @Test
    void aStreamingSenderGivesItsCarrierToItsReceiverEveryFewThousandSends() throws Exception {
        // The receiver, woken by the first send, is queued on the sender's carrier; without the
        // sender's periodic yield it runs there only once the sender is done (or on another
        // carrier after a time slice, which a warm sender does not need for these sends). A
        // loaded machine can stretch one stream past a time slice, hence a few tries.
        int tries = 5;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            StreamStart start = streamOnce(20_000);
            seen.add(start.toString());
            if (start.sentBeforeReceiverRan() < 20_000 && start.receiverCarrier().equals(start.senderCarrier())) {
                return;
            }
        }
        throw new AssertionError("the receiver never ran on the sender's carrier before the sender was done: " + seen);
    }

    /** Where and when a stream's receiver first ran. */
    private record StreamStart(int sentBeforeReceiverRan, String senderCarrier, String receiverCarrier) {
    }

    private StreamStart streamOnce(int messages) throws InterruptedException {
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<String> senderCarrier = new AtomicReference<>();
        AtomicReference<String> receiverCarrier = new AtomicReference<>();
        AtomicInteger sentAtFirstReceive = new AtomicInteger(-1);
        try (Mailbox parent = local.node().mailbox()) {
            Pid receiver = local.node().spawn(self -> {
                self.send(parent.self(), Atom.of("waiting"));
                for (int i = 0; i < messages; i++) {
                    Term m = self.receive();
                    if (i == 0) {
                        sentAtFirstReceive.set(sent.get());
                        receiverCarrier.set(carrierOfCurrentThread());
                    }
                    if (!Int.of(i).equals(m)) {
                        self.send(parent.self(), Tuple.of(Atom.of("out_of_order"), Int.of(i), m));
                        return;
                    }
                }
                self.send(parent.self(), DONE);
            });
            assertThat(parent.receive(WAIT)).isEqualTo(Atom.of("waiting"));
            local.node().spawn(self -> {
                senderCarrier.set(carrierOfCurrentThread());
                for (int i = 0; i < messages; i++) {
                    self.send(receiver, Int.of(i));
                    sent.incrementAndGet();
                }
            });
            assertThat(parent.receive(WAIT)).isEqualTo(DONE);
        }
        return new StreamStart(sentAtFirstReceive.get(), senderCarrier.get(), receiverCarrier.get());
    }

    @Test
    void workQueuedBehindAProcessThatNeverWaitsRunsWhileEveryOtherCarrierIsBusyToo() throws Exception {
        // One ping-pong pair per carrier keeps the others busy, so there is no idle carrier to
        // wake: the queued process has to move to where the busy carriers look.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean spinnerSawIt = new AtomicBoolean();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Mailbox parent = local.node().mailbox()) {
            for (int pair = 0; pair < ProcessScheduler.carrierCount(); pair++) {
                Pid echo = local.node().spawn(self -> {
                    while (self.receive() instanceof Pid from) {
                        self.send(from, Atom.of("pong"));
                    }
                });
                local.node().spawn(self -> {
                    while (!stop.get() && System.nanoTime() - deadline < 0) {
                        self.send(echo, self.self());
                        self.receive();
                    }
                    self.send(echo, DONE);
                });
            }
            local.node().spawn(self -> {
                local.node().spawn(other -> ran.set(true));
                while (!ran.get() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                spinnerSawIt.set(ran.get());
                self.send(parent.self(), DONE);
            });
            assertThat(parent.receive(WAIT.plusSeconds(5))).isEqualTo(DONE);
        } finally {
            stop.set(true);
        }
        assertThat(spinnerSawIt).as("the queued process ran while the spinner held its carrier").isTrue();
    }

    private static String carrierOfCurrentThread() {
        String thread = Thread.currentThread().toString();
        return thread.substring(thread.indexOf('@') + 1);
    }

    @Test
    void carriersHeldByBlockedProcessesAreJoinedByMoreUntilTheBlockedOnesCanGoOn() throws Exception {
        // A process waiting in a class initializer holds its carrier (it cannot unmount there),
        // and so does every process waiting for that initializer to finish. With all carriers
        // held that way, the process that lets them go on can run only on a carrier added for it.
        int carriersBefore = ProcessScheduler.carrierCount();
        int holders = carriersBefore + 1;
        CountDownLatch finished = new CountDownLatch(holders);
        initializerRelease = new CountDownLatch(1);
        try (Mailbox parent = local.node().mailbox()) {
            for (int i = 0; i < holders; i++) {
                local.node().spawn(self -> {
                    BlockingInitializer.touch();
                    finished.countDown();
                });
            }
            local.node().spawn(self -> initializerRelease.countDown());
            assertThat(finished.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("processes held in the initializer went on").isTrue();
            assertThat(ProcessScheduler.carrierCount()).as("carriers").isGreaterThan(carriersBefore);
        } finally {
            initializerRelease.countDown();
        }
    }

    /** Set before {@link BlockingInitializer} is first touched (setting a field of its own would run it). */
    private static volatile CountDownLatch initializerRelease;

    /** Its initializer waits for {@link #initializerRelease}, holding the carrier of the process that runs it. */
    private static final class BlockingInitializer {
        static {
            try {
                if (!initializerRelease.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // Loading the class runs the initializer above.
        }
    }
}
