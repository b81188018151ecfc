package io.beamlink.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads what a child process prints, line by line, on a daemon thread, so the process never
 * blocks on a full pipe. Lines that contain {@code marker} go to a handler (from the marker
 * on; any text before it, left by output without a final newline, is kept as a plain line);
 * all other lines are kept for {@link #lines()}.
 */
final class ProcessOutput {

    /** Enough for any test's diagnostics; a chatty peer cannot exhaust memory. */
    private static final int MAX_LINES = 20_000;

    private final Deque<String> lines = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private long droppedLines;

    private ProcessOutput() {
    }

    static ProcessOutput collect(InputStream stream, String threadName) {
        return collect(stream, threadName, null, line -> { });
    }

    static ProcessOutput collect(InputStream stream, String threadName, String marker, Consumer<String> markedLines) {
        ProcessOutput output = new ProcessOutput();
        Thread reader = new Thread(() -> output.read(stream, marker, markedLines), threadName);
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private void read(InputStream stream, String marker, Consumer<String> markedLines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int at = marker == null ? -1 : line.indexOf(marker);
                if (at < 0) {
                    add(line);
                } else {
                    if (at > 0) {
                        add(line.substring(0, at));
                    }
                    try {
                        markedLines.accept(line.substring(at + marker.length()));
                    } catch (RuntimeException e) {
                        add("[beamlink-testkit] " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            add("[beamlink-testkit] reading the process output failed: " + e);
        } finally {
            ended.countDown();
        }
    }

    private synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
            droppedLines++;
        }
        lines.addLast(line);
    }

    /** Everything printed so far, oldest first (the oldest lines are dropped past a limit). */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The output for an error message: the last lines, with a note if earlier ones are left out. */
    synchronized String tail(int maxLines) {
        if (lines.isEmpty()) {
            return "(no output)";
        }
        int skip = Math.max(0, lines.size() - maxLines);
        StringBuilder text = new StringBuilder();
        if (skip + droppedLines > 0) {
            text.append("[").append(skip + droppedLines).append(" earlier lines left out]\n");
        }
        lines.stream().skip(skip).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** True once the stream is closed (the process and its children exited or closed it). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
