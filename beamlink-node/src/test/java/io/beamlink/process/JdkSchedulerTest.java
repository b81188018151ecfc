package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.LocalNode;
import io.beamlink.term.Atom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Run by the build's {@code jdk-scheduler} execution, which does not open java.lang to Beamlink,
 * with the mailbox, process and OTP behaviour tests: processes then fall back to ordinary
 * virtual threads on the JDK's scheduler.
 */
class JdkSchedulerTest {
    @RegisterExtension
    final LocalNode local = new LocalNode();

    @Test
    void processesRunOnTheJdksScheduler() throws Exception {
        assertThat(ProcessScheduler.inUse()).isFalse();
        AtomicReference<String> thread = new AtomicReference<>();
        try (Mailbox parent = local.node().mailbox()) {
            local.node().spawn(self -> {
                thread.set(Thread.currentThread().toString());
                self.send(parent.self(), Atom.of("done"));
            });
            assertThat(parent.receive(Duration.ofSeconds(30))).isEqualTo(Atom.of("done"));
        }
        assertThat(thread.get()).contains("@ForkJoinPool");
    }
}
