package io.beamlink.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shell without a terminal: expressions from {@code -e} arguments or from standard input
 * (commands ending with a full stop, over as many lines as they need), each result printed
 * on a line of its own. The exit code is 1 when any expression failed, else 0.
 */
public final class ScriptedShell {
    private ScriptedShell() {
    }

    /** Evaluates each text in turn (a final full stop is optional); stops at {@code q()}. */
    public static int runExpressions(ShellSession session, List<String> expressions) {
        boolean failed = false;
        for (String expression : expressions) {
            for (ShellSession.Outcome outcome : session.evaluateAll(expression)) {
                if (outcome == ShellSession.Outcome.QUIT) {
                    return failed ? 1 : 0;
                }
                failed |= outcome == ShellSession.Outcome.FAILED;
            }
        }
        return failed ? 1 : 0;
    }

    /** Reads commands from {@code input} until its end or {@code q()}; an unfinished last command is an error. */
    public static int runInput(ShellSession session, InputStream input) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        boolean failed = false;
        StringBuilder pending = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            pending.append(line).append('\n');
            CommandSplitter.Split split = CommandSplitter.split(pending.toString());
            for (String command : split.commands()) {
                ShellSession.Outcome outcome = session.evaluate(command);
                if (outcome == ShellSession.Outcome.QUIT) {
                    return failed ? 1 : 0;
                }
                failed |= outcome == ShellSession.Outcome.FAILED;
            }
            pending.setLength(0);
            pending.append(split.rest());
            if (pending.length() > Lexer.MAX_LENGTH) {
                session.evaluate(pending.toString());
                return 1;
            }
        }
        if (CommandSplitter.split(pending.toString()).pending()) {
            session.out().println("* unfinished command at the end of the input (a command ends with '.'): "
                    + pending.toString().strip());
            return 1;
        }
        return failed ? 1 : 0;
    }
}
