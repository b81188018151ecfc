package io.beamlink.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final long POLL_MILLIS = 20;

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
        // A process stopped with SIGSTOP cannot act on the request; only SIGKILL ends it.
        boolean exited = state(process.toHandle()) != 'T' && waitFor(process);
        if (!exited) {
            process.destroyForcibly();
            waitFor(process);
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        awaitGone(descendants);
    }

    /**
     * Polls rather than waiting on onExit(): the descendants are not our children, so once
     * dead they stay zombies until init reaps them, and Java counts a zombie as alive.
     */
    private static void awaitGone(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (processes.stream().anyMatch(ProcessTree::isRunning) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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

    /** Alive and not a zombie. */
    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && state(process) != 'Z';
    }

    /** The state letter in /proc/PID/stat (after the command name in parentheses), or '?' if unknown. */
    private static char state(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || stat.length() < afterName + 3 ? '?' : stat.charAt(afterName + 2);
        } catch (IOException e) {
            return '?'; // gone while we looked
        }
    }
}
