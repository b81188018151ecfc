package io.beamlink.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a child process and everything it started. A BEAM forks helpers (erl_child_setup,
 * inet_gethost) that die with it, but a test must not depend on that, so the descendants
 * seen before the stop are killed too if they outlive it.
 */
final class ProcessTree {

    static final Duration GRACE = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * Runs {@code askToStop} (close stdin, send SIGTERM...), waits {@link #GRACE}, then kills
     * the process and its remaining descendants with SIGKILL. Returns when all are gone or
     * after a second grace period.
     */
    static void stop(Process process, Runnable askToStop) {
        List<ProcessHandle> descendants = process.descendants().toList();
        askToStop.run();
        boolean exited = waitFor(process);
        if (!exited) {
            process.destroyForcibly();
            waitFor(process);
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        for (ProcessHandle child : descendants) {
            child.onExit().completeOnTimeout(child, GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    private static boolean waitFor(Process process) {
        try {
            return process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }
}
