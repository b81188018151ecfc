package io.beamlink.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node the demo runs in a process of its own (an {@code erl}, or a Beamlink node in a second
 * JVM): its output is copied to the demo's, each line prefixed with its label, and
 * {@link #close()} stops it for sure: politely first, then by force.
 */
final class ExternalNode implements AutoCloseable {
    private static final Duration POLITE_STOP = Duration.ofSeconds(3);

    private final String label;
    private final Process process;

    private ExternalNode(String label, Process process) {
        this.label = label;
        this.process = process;
    }

    static ExternalNode start(String label, List<String> command, Map<String, String> environment, PrintStream out)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ExternalNode node = new ExternalNode(label, process);
        Thread.ofVirtual().name("demo-output-" + label).start(() -> node.copyOutput(out));
        return node;
    }

    private void copyOutput(PrintStream out) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println("  " + label + " | " + line);
            }
        } catch (IOException e) {
            // The process is gone; so is its output.
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the node gets no chance to close its connections, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return label + " (OS pid " + process.pid() + ")";
    }
}
