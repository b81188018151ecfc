package io.beamlink.cli;

import io.beamlink.epmd.EpmdDaemon;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code beamlink epmd -daemon}: OTP's epmd forks and detaches; a JVM cannot fork, so this
 * starts a second JVM ({@link EpmdDaemon#JVM_OPTIONS}) running the same command without
 * {@code -daemon}, detached from the terminal (no input, output discarded), and returns at once,
 * as OTP's does.
 */
final class EpmdBackground {
    private EpmdBackground() {
    }

    static void start(List<String> epmdArguments) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IOException("cannot find the java executable of this process"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(EpmdDaemon.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "epmd"));
        for (String argument : epmdArguments) {
            if (!argument.equals("-daemon")) {
                command.add(argument);
            }
        }
        new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
