package io.beamlink.bench.dist;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything a run started (processes, nodes), closed in reverse order when the run ends, fails
 * or is interrupted with Ctrl-C (a shutdown hook), whichever comes first; once only.
 */
public final class Cleanup implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread hook = new Thread(this::closeAll, "bench-cleanup");
    private boolean closed;

    public Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers {@code resource} to be closed with the run; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        lock.lock();
        try {
            if (closed) {
                closeQuietly(resource);
                throw new BenchmarkException("the run is over");
            }
            started.push(resource);
            return resource;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run.
        }
    }

    private void closeAll() {
        lock.lock();
        try {
            closed = true;
            while (!started.isEmpty()) {
                closeQuietly(started.pop());
            }
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("bench: could not stop " + resource + ": " + e);
        }
    }
}
