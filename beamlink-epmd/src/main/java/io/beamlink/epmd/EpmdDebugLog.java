package io.beamlink.epmd;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The epmd debug output in OTP epmd's format, so operators and scripts that read OTP's find
 * the same lines: {@code epmd: <ctime>: <message>} ended by CR LF, shown when the debug level is
 * at least the message's level. Byte dumps and name tables are the {@code *****} lines OTP
 * prints. Node names go out byte for byte as received: messages carry them as ISO-8859-1 text
 * (one char per byte) and the whole line is written back as ISO-8859-1.
 */
public final class EpmdDebugLog {
    /** C's ctime(): {@code Thu Nov  6 00:28:19 2026}. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final int DUMP_LIMIT = 1024;
    private static final int DUMP_ROW = 16;

    private final int level;
    private final PrintStream out;
    /** Keeps multi-line blocks (byte dumps, name tables) together. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Shows messages up to {@code level} (OTP's count of {@code -d}) on {@code out}. */
    public EpmdDebugLog(int level, PrintStream out) {
        this.level = level;
        this.out = out;
    }

    boolean enabled(int messageLevel) {
        return level >= messageLevel;
    }

    /** Prints {@code epmd: <ctime>: <message>} when the level is at least {@code messageLevel}. */
    public void log(int messageLevel, String message) {
        if (enabled(messageLevel)) {
            write("epmd: " + ZonedDateTime.now().format(CTIME) + ": " + message + "\r\n");
        }
    }

    /** OTP logs the clock at level 3 wherever it reads it. */
    void time() {
        if (enabled(3)) {
            log(3, "time in seconds: " + System.currentTimeMillis() / 1000);
        }
    }

    /** A byte dump at level 2: {@code got N bytes} and rows of hex and ASCII. */
    void dump(byte[] bytes, int length) {
        if (!enabled(2)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        int shown = Math.min(length, DUMP_LIMIT);
        for (int rowStart = 0; rowStart < shown; rowStart += DUMP_ROW) {
            text.append("***** ").append(String.format("%08x", rowStart));
            for (int i = rowStart; i < rowStart + DUMP_ROW; i++) {
                if (i % (DUMP_ROW / 2) == 0) {
                    text.append(' ');
                }
                text.append(i < shown ? String.format(" %02x", bytes[i] & 0xff) : "   ");
            }
            text.append("  |");
            for (int i = rowStart; i < rowStart + DUMP_ROW && i < shown; i++) {
                int c = bytes[i] & 0xff;
                text.append(c >= 32 && c <= 126 ? (char) c : '.');
            }
            text.append("|\r\n");
        }
        if (length != shown) {
            text.append("***** ......and more\r\n");
        }
        lock.lock();
        try {
            log(2, "got " + length + " bytes");
            write(text.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Lines without the {@code epmd: <time>:} prefix, as OTP's name table at level 3. */
    void rawLines(int messageLevel, String lines) {
        if (enabled(messageLevel)) {
            write(lines);
        }
    }

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        lock.lock();
        try {
            out.write(bytes, 0, bytes.length);
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
