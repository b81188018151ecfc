package io.beamlink.cli;

import io.beamlink.shell.ShellSession;
import java.io.PrintStream;

/** The demo's narration: numbered steps, and shell commands shown with their prompt and output. */
final class DemoTranscript {
    private final PrintStream out;
    private int step;

    DemoTranscript(PrintStream out) {
        this.out = out;
    }

    void step(String title) {
        out.println();
        out.println("== " + (++step) + ". " + title);
    }

    void say(String text) {
        out.println(text);
    }

    /** Shows {@code command} at the shell's prompt, as typed, then runs it there. */
    ShellSession.Outcome type(ShellSession shell, String command) {
        out.println(shell.prompt() + command + ".");
        return shell.evaluate(command);
    }
}
