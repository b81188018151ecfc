package io.beamlink.bench.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A process the harness started (epmd, erl, a JInterface JVM): its output is read all along
 * (so it never blocks on a full pipe) and the last lines are kept to explain a failure. Closing
 * it stops the process and everything it started.
 */
public final class ChildProcess implements AutoCloseable {
    private static final int KEPT_LINES = 40;
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final String name;
    private final Process process;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition newLine = lock.newCondition();
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    private boolean outputEnded;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofVirtual().name("bench-output-" + name).start(this::readOutput);
    }

    /** Starts {@code command} with {@code environment} added, its stderr merged into stdout. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(name, builder.start());
        } catch (IOException e) {
            throw new BenchmarkException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage() + "; is " + command.get(0) + " installed and on the PATH?", e);
        }
    }

    public String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the process prints {@code line}; fails if it exits or stays silent for {@code timeout}. */
    public void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!lastLines.contains(line)) {
                long left = deadline - System.nanoTime();
                if (outputEnded || left <= 0) {
                    throw new BenchmarkException(name + " did not print \"" + line + "\" within " + timeout.toSeconds()
                            + " s" + (outputEnded ? " (it exited)" : "") + "; its last output:\n" + output());
                }
                newLine.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The last lines the process printed. */
    public String output() {
        lock.lock();
        try {
            return lastLines.isEmpty() ? "  (nothing)" : "  " + String.join("\n  ", lastLines);
        } finally {
            lock.unlock();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lock.lock();
                try {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                    newLine.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // The pipe closed with the process: nothing more to read.
        } finally {
            lock.lock();
            try {
                outputEnded = true;
                newLine.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Asks the process (and its children) to stop, then kills what is left after a grace period. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
