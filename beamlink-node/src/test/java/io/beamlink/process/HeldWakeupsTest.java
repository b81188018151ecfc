package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Held wake-ups reach nobody until the holding thread releases them, except when more receivers
 * are held than it keeps: then the ones held so far are woken to make room.
 */
class HeldWakeupsTest {
    private static final int HELD_AT_MOST = 16;

    @Test
    void wakeUpsGoOutOnReleaseOrWhenTooManyAreHeld() throws Exception {
        AtomicBoolean go = new AtomicBoolean();
        List<Thread> parked = new ArrayList<>();
        for (int i = 0; i < HELD_AT_MOST + 4; i++) {
            // A virtual thread's park returns only for an unpark (or an interrupt), never spuriously.
            parked.add(Thread.ofVirtual().start(() -> {
                while (!go.get()) {
                    LockSupport.park();
                }
            }));
        }
        for (Thread thread : parked) {
            await("parked").atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.WAITING);
        }
        go.set(true);
        for (Thread thread : parked) {
            HeldWakeups.hold(thread);
        }
        for (Thread woken : parked.subList(0, HELD_AT_MOST)) {
            assertThat(woken.join(Duration.ofSeconds(10))).as("woken to make room").isTrue();
        }
        for (Thread held : parked.subList(HELD_AT_MOST, parked.size())) {
            assertThat(held.getState()).as("still held").isEqualTo(Thread.State.WAITING);
        }
        HeldWakeups.release();
        for (Thread held : parked.subList(HELD_AT_MOST, parked.size())) {
            assertThat(held.join(Duration.ofSeconds(10))).as("woken by release").isTrue();
        }
    }
}
