package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Collects debug output and gives its lines without the {@code epmd: <ctime>: } prefix, decoded
 * as UTF-8 as a terminal (or the test kit reading OTP's epmd) shows them.
 */
final class DebugCapture {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);

    EpmdDebugLog log(int level) {
        return new EpmdDebugLog(level, stream);
    }

    PrintStream stream() {
        return stream;
    }

    /** Every line, CR LF endings checked and removed, the ctime prefix replaced by {@code epmd: }. */
    List<String> lines() {
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.endsWith("\r\n")) {
            throw new AssertionError("debug output does not end with CR LF: " + text);
        }
        return Arrays.stream(text.substring(0, text.length() - 2).split("\r\n", -1))
                .map(line -> {
                    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                        throw new AssertionError("debug line not ended by CR LF: " + line);
                    }
                    return line.replaceFirst("^epmd: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}: ", "epmd: ");
                })
                .toList();
    }

    void clear() {
        synchronized (bytes) {
            bytes.reset();
        }
    }
}
