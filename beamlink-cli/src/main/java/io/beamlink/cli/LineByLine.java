package io.beamlink.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * Converts input line by line: each line gives one output line, either the result or
 * {@code error: <why>}, so that output line N always belongs to input line N.
 */
final class LineByLine {
    static final String ERROR_PREFIX = "error: ";

    /** One line's conversion. */
    interface Conversion {
        String convert(String line) throws BadInputException;
    }

    /** How a run went: the lines read, the lines that failed, and the first that failed (from 1). */
    record Outcome(long lines, long failures, long firstFailure) {
    }

    private LineByLine() {
    }

    /** Runs to the end of the input; flushes after every line only when {@code flushEachLine}. */
    static Outcome run(BufferedReader in, Writer out, boolean flushEachLine, Conversion conversion) throws IOException {
        long lines = 0;
        long failures = 0;
        long firstFailure = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lines++;
            String result;
            try {
                if (line.isBlank()) {
                    throw new BadInputException("empty line; each line must hold one term");
                }
                result = conversion.convert(line);
            } catch (BadInputException e) {
                failures++;
                firstFailure = firstFailure == 0 ? lines : firstFailure;
                result = ERROR_PREFIX + e.getMessage();
            }
            out.write(result);
            out.write('\n');
            if (flushEachLine) {
                out.flush();
            }
        }
        out.flush();
        return new Outcome(lines, failures, firstFailure);
    }

    /** The summary for standard error after a run with failures. */
    static String summary(String command, Outcome outcome) {
        return command + ": " + outcome.failures() + " of " + outcome.lines() + " lines failed (the first is line "
                + outcome.firstFailure() + "; see its 'error:' line on standard output)";
    }
}
