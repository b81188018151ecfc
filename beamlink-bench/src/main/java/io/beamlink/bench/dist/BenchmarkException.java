package io.beamlink.bench.dist;

/** A benchmark could not run: a peer did not start, answer or finish; the message says which and why. */
public final class BenchmarkException extends RuntimeException {
    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
