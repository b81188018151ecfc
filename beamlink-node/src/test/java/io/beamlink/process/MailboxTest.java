package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.LocalNode;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a mailbox takes messages from many senders and wakes its receiver, with and without timeouts. */
class MailboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LONG = Duration.ofMinutes(10);
    @RegisterExtension
    final LocalNode local = new LocalNode();

    @Test
    void messagesFromManySendersAllArriveEachSendersInOrder() throws Exception {
        int senders = 8;
        int perSender = 20_000;
        try (Mailbox box = local.node().mailbox()) {
            for (int s = 0; s < senders; s++) {
                Int sender = Int.of(s);
                local.node().spawn(self -> {
                    for (int i = 0; i < perSender; i++) {
                        self.send(box.self(), Tuple.of(sender, Int.of(i)));
                    }
                });
            }
            Map<Term, Integer> next = new HashMap<>();
            for (int n = 0; n < senders * perSender; n++) {
                Tuple t = (Tuple) box.receive(WAIT);
                assertThat(t).as("message %d", n).isNotNull();
                int expected = next.getOrDefault(t.get(0), 0);
                assertThat(t.get(1)).isEqualTo(Int.of(expected));
                next.put(t.get(0), expected + 1);
            }
            assertThat(box.receive(Duration.ZERO)).isNull();
        }
    }

    @Test
    void twoProcessesAnsweringEachOtherPassEveryMessageInTurn() throws Exception {
        // Each send wakes the other process, which runs on the sender's carrier when the sender
        // yields it before parking: the exchange must neither lose nor reorder a message.
        int exchanges = 10_000;
        try (Mailbox parent = local.node().mailbox()) {
            Pid echo = local.node().spawn(self -> {
                for (int i = 0; i < exchanges; i++) {
                    Tuple t = (Tuple) self.receive();
                    self.send((Pid) t.get(0), t.get(1));
                }
            });
            local.node().spawn(self -> {
                for (int i = 0; i < exchanges; i++) {
                    self.send(echo, Tuple.of(self.self(), Int.of(i)));
                    Term answer = self.receive(WAIT);
                    if (!Int.of(i).equals(answer)) {
                        self.send(parent.self(), Tuple.of(Atom.of("wrong"), Int.of(i), answer == null ? Atom.of("none") : answer));
                        return;
                    }
                }
                self.send(parent.self(), Atom.of("done"));
            });
            assertThat(parent.receive(WAIT)).isEqualTo(Atom.of("done"));
        }
    }

    @Test
    void aShortTimeoutAfterALongOneStillEndsAtItsOwnDeadline() throws Exception {
        try (Mailbox box = local.node().mailbox(); Mailbox sender = local.node().mailbox()) {
            AtomicReference<Term> first = new AtomicReference<>();
            AtomicReference<Term> second = new AtomicReference<>(Atom.of("unset"));
            Thread receiver = Thread.ofPlatform().start(() -> {
                try {
                    first.set(box.receive(LONG));
                    second.set(box.receive(Duration.ofMillis(20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Parked in the long receive: its wake-up is pending for minutes from now.
            await().atMost(WAIT).until(() -> receiver.getState() == Thread.State.WAITING);
            sender.send(box.self(), Atom.of("hello"));
            receiver.join(WAIT.toMillis());
            assertThat(receiver.isAlive()).isFalse();
            assertThat(first.get()).isEqualTo(Atom.of("hello"));
            assertThat(second.get()).isNull();
        }
    }

    /** A timeout too long to count in nanoseconds (such as ChronoUnit.FOREVER's) waits as infinity does. */
    @Test
    void aTimeoutOfCenturiesWaitsForTheMessage() throws Exception {
        try (Mailbox box = local.node().mailbox(); Mailbox sender = local.node().mailbox()) {
            AtomicReference<Term> got = new AtomicReference<>();
            Thread receiver = Thread.ofVirtual().start(() -> {
                try {
                    got.set(box.receive(ChronoUnit.FOREVER.getDuration()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.getState() == Thread.State.WAITING);
            sender.send(box.self(), Atom.of("at_last"));
            receiver.join(Duration.ofSeconds(10));
            assertThat(got.get()).isEqualTo(Atom.of("at_last"));
        }
    }

    @Test
    void aProcessKilledInATimedReceiveEndsWithKilled() throws Exception {
        try (Mailbox watcher = local.node().mailbox()) {
            Spawned s = local.node().spawnMonitor(watcher, self -> self.receive(LONG));
            watcher.exit(s.pid(), Atom.of("kill"));
            Tuple down = (Tuple) watcher.receive(WAIT);
            assertThat(down.get(4)).isEqualTo(Atom.of("killed"));
        }
    }

    @Test
    void aPlainThreadClosedWhileWaitingGetsItsExitReason() throws Exception {
        Mailbox box = local.node().mailbox();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                box.receive();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(WAIT).until(() -> receiver.getState() == Thread.State.WAITING);
        box.close(Atom.of("shutdown"));
        receiver.join(WAIT.toMillis());
        assertThat(thrown.get()).isInstanceOf(ExitException.class);
        assertThat(((ExitException) thrown.get()).reason()).isEqualTo(Atom.of("shutdown"));
        assertThatThrownBy(() -> box.receive(Duration.ZERO)).isInstanceOf(ExitException.class);
    }

    @Test
    void anotherThreadCountingTheQueueNeverLeavesAReceiverAsleepWithAMessage() throws Exception {
        int messages = 50_000;
        try (Mailbox box = local.node().mailbox(); Mailbox acks = local.node().mailbox()) {
            Thread counter = Thread.ofPlatform().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    box.queueLength();
                }
            });
            local.node().spawn(self -> {
                for (int i = 0; i < messages; i++) {
                    self.send(acks.self(), box.receive());
                }
            });
            try {
                // One message at a time, so that the receiver waits for each: every wait is a chance
                // for the counter to come between its last look and its park.
                for (int i = 0; i < messages; i++) {
                    acks.send(box.self(), Int.of(i));
                    assertThat(acks.receive(WAIT)).as("message %d reached the receiver", i).isEqualTo(Int.of(i));
                }
            } finally {
                counter.interrupt();
                counter.join();
            }
        }
    }

    @Test
    void aWaitingSelectiveReceiveSkipsWhatArrivesUntilItsMatchAndLeavesTheRestInOrder() throws Exception {
        try (Mailbox box = local.node().mailbox(); Mailbox results = local.node().mailbox()) {
            Pid receiver = local.node().spawn(self -> {
                self.send(results.self(), Atom.of("waiting"));
                Term go = self.receive(m -> m.equals(Atom.of("go")) ? m : null, WAIT);
                List<Term> rest = new ArrayList<>();
                for (Term m = self.receive(Duration.ZERO); m != null; m = self.receive(Duration.ZERO)) {
                    rest.add(m);
                }
                self.send(results.self(), Tuple.of(go, ErlList.of(rest)));
            });
            assertThat(results.receive(WAIT)).isEqualTo(Atom.of("waiting"));
            // Sent one at a time, so that the waiting receive scans some, waits, and scans on.
            for (int i = 0; i < 200; i++) {
                box.send(receiver, Int.of(i));
                if (i % 50 == 0) {
                    Thread.sleep(1);
                }
            }
            box.send(receiver, Atom.of("go"));
            List<Term> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add(Int.of(i));
            }
            assertThat(results.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("go"), ErlList.of(expected)));
        }
    }
}
