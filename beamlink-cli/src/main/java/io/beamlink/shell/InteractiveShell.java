package io.beamlink.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell on a terminal: JLine line editing and history, erl's prompt
 * ({@code (app@host)1> }), commands that may span lines until their full stop. Ctrl-C
 * abandons the line being typed, or interrupts a running command (a {@code receive} without
 * {@code after}); Ctrl-D or {@code q()} ends the shell.
 */
public final class InteractiveShell {
    private InteractiveShell() {
    }

    /** Creates the session's output on the terminal; the caller builds the session on it. */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).build();
    }

    /** The terminal's output as a stream, for {@link ShellSession}. */
    public static PrintStream output(Terminal terminal) {
        return new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
    }

    /** Reads and evaluates until {@code q()} or end of input; 0 when the shell was quit normally. */
    public static int run(ShellSession session, Terminal terminal, Path historyFile) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("beamlink")
                .variable(LineReader.HISTORY_FILE, historyFile)
                // "Pid ! Msg" must reach the shell as typed, not as a history expansion.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Thread evaluator = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> evaluator.interrupt());
        try {
            StringBuilder pending = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(session.prompt());
                } catch (UserInterruptException e) {
                    pending.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                pending.append(line).append('\n');
                CommandSplitter.Split split = CommandSplitter.split(pending.toString());
                for (String command : split.commands()) {
                    Thread.interrupted(); // a Ctrl-C typed at the prompt must not cut the next command short
                    if (session.evaluate(command) == ShellSession.Outcome.QUIT) {
                        return 0;
                    }
                }
                pending.setLength(0);
                if (split.pending()) {
                    pending.append(split.rest());
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted();
        }
    }
}
