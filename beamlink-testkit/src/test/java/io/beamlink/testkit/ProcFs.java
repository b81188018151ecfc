package io.beamlink.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds processes by their command line in /proc, to prove that nothing outlives a test. */
final class ProcFs {

    private ProcFs() {
    }

    /** Pids of running (not zombie) processes whose command line (arguments joined by spaces) contains {@code text}. */
    static List<Long> pidsWithCommandLineContaining(String text) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> commandLine(p).contains(text))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> pid != ProcessHandle.current().pid())
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false))
                    .toList();
        }
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // exited while we looked
        }
    }
}
