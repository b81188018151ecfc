package io.beamlink.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OTP's own epmd daemon, run in the foreground ({@code epmd -port N [extra args]}) for a
 * test and stopped by {@link #close()}. Give peers its port with {@link OtpPeer.Builder#epmdPort}.
 */
public final class OtpEpmd implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final long PROBE_INTERVAL_MILLIS = 50;

    private final int port;
    private final Process process;
    private final ProcessOutput output;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OtpEpmd(int port, Process process, ProcessOutput output) {
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts epmd of {@code release} on {@code port} and waits (at most 10 s) until it listens
     * there. {@code extraArgs} are epmd options such as {@code "-d"} or
     * {@code "-relaxed_command_check"}.
     *
     * @throws OtpPeerException with epmd's output if it exits or does not listen in time
     */
    public static OtpEpmd start(OtpRelease release, int port, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port)));
        args.addAll(List.of(extraArgs));
        ProcessBuilder builder = release.command("epmd", args.toArray(String[]::new));
        builder.redirectErrorStream(true);
        // epmd also reads ERL_EPMD_PORT; -port wins, but a stray one in the test's environment must not confuse it
        builder.environment().remove("ERL_EPMD_PORT");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OtpPeerException("cannot start epmd of " + release + ": " + e.getMessage(), e);
        }
        OtpEpmd epmd = new OtpEpmd(port, process, ProcessOutput.collect(process.getInputStream(), "otp-epmd-" + port));
        try {
            epmd.awaitListening(release);
        } catch (RuntimeException e) {
            epmd.close();
            throw e;
        }
        return epmd;
    }

    public int port() {
        return port;
    }

    /** What epmd printed so far (its debug log with {@code -d}). */
    public List<String> outputLines() {
        return output.lines();
    }

    /** Stops epmd (SIGTERM, then SIGKILL after a few seconds) and waits for the rest of its output. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ProcessTree.stop(process, process::destroy);
            try {
                output.awaitEnd(ProcessTree.GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "OtpEpmd[port " + port + ", pid " + process.pid() + "]";
    }

    private void awaitListening(OtpRelease release) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new OtpPeerException("epmd of " + release + " on port " + port + " exited with status "
                        + process.exitValue() + " (it exits quietly when an epmd already listens on its port): "
                        + output.tail(20));
            }
            if (ListeningSockets.isListening(process.pid(), port)) {
                return;
            }
            try {
                Thread.sleep(PROBE_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OtpPeerException("interrupted while waiting for epmd on port " + port, e);
            }
        }
        throw new OtpPeerException("epmd of " + release + " does not listen on port " + port
                + " after " + START_TIMEOUT.toSeconds() + " s: " + output.tail(20));
    }
}
