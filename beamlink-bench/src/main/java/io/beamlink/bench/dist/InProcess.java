package io.beamlink.bench.dist;

import io.beamlink.Node;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs a measurement in a new Beamlink process and waits for its result: the Beamlink side of
 * a harness runs in a process, as the Erlang side does.
 */
public final class InProcess {
    private static final Atom KILL = Atom.of("kill");

    /** A measurement, given the mailbox of the process it runs in. */
    public interface Measurement<T> {
        T run(Mailbox self) throws InterruptedException;
    }

    private InProcess() {
    }

    /**
     * The measurement's result; its exceptions are rethrown (a checked one other than
     * {@link InterruptedException} inside a {@link BenchmarkException}). Interrupted while
     * waiting, it kills the process.
     */
    public static <T> T run(Node node, Measurement<T> measurement) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Pid process = node.spawn(self -> {
            try {
                result.complete(measurement.run(self));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            try (Mailbox stopper = node.mailbox()) {
                stopper.exit(process, KILL);
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof InterruptedException i) {
                throw i;
            }
            throw new BenchmarkException("the Beamlink measurement failed: " + cause, cause);
        }
    }
}
