package io.beamlink.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * The standard streams a command reads and writes. {@link Main} passes the process's own;
 * tests pass their own, and commands that need raw bytes take them in their constructor.
 */
record ProcessStreams(InputStream in, PrintStream out, PrintStream err) {

    static ProcessStreams system() {
        return new ProcessStreams(System.in, System.out, System.err);
    }

    boolean isSystem() {
        return in == System.in && out == System.out && err == System.err;
    }

    /** True when a person types the input and reads the output, so each result is flushed at once. */
    boolean isInteractive() {
        if (!isSystem()) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Since JDK 22 System.console() also exists when redirected; isTerminal() tells (absent on 21).
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Creates commands, giving these streams to those with a {@code (ProcessStreams)} constructor. */
    CommandLine.IFactory commandFactory() {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Constructor<K> withStreams;
                try {
                    withStreams = type.getDeclaredConstructor(ProcessStreams.class);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
                return withStreams.newInstance(ProcessStreams.this);
            }
        };
    }
}
