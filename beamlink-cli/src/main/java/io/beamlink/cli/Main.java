package io.beamlink.cli;

import picocli.CommandLine;

/** Entry point of the {@code beamlink} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int run(String... args) {
        return run(ProcessStreams.system(), args);
    }

    /** Runs the command line on the given standard streams (tests use this to feed stdin and read stdout). */
    static int run(ProcessStreams streams, String... args) {
        return BeamlinkCommand.commandLine(streams).execute(args);
    }
}
