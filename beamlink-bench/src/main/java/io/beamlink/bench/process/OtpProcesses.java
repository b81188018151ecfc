package io.beamlink.bench.process;

import io.beamlink.bench.dist.BenchmarkException;
import io.beamlink.bench.dist.ChildProcess;
import io.beamlink.bench.dist.Cleanup;
import io.beamlink.bench.dist.ErlangProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTP side: erl nodes running beamlink_process_bench.erl on the run's epmd and cookie. One
 * node serves the echo gen_server for the whole run; each round is a fresh erl node that measures,
 * prints its figures on one line and halts.
 */
final class OtpProcesses {
    private static final String PROGRAM = "beamlink_process_bench.erl";
    private static final String READY = "beamlink_process_bench ready";
    private static final String FIGURES = "FIGURES";
    private static final String DONE = "DONE";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);
    /** Room for the spawned processes that have not exited yet when the spawn loop ends. */
    private static final String PROCESS_LIMIT = "4194304";

    private final Cleanup cleanup;
    private final String cookie;
    private final int epmdPort;
    private final ErlangProgram program;

    /** Writes the Erlang program into {@code workDir}. */
    OtpProcesses(Cleanup cleanup, String cookie, int epmdPort, Path workDir) {
        this.cleanup = cleanup;
        this.cookie = cookie;
        this.epmdPort = epmdPort;
        this.program = ErlangProgram.write(OtpProcesses.class, PROGRAM, workDir);
    }

    /** Starts the node that serves bench_server; returns the OTP release it runs ("OTP 25 ERTS 13.1"). */
    String startServer(String name) throws InterruptedException {
        ChildProcess server = cleanup.add(erl(name, "beamlink_process_bench:serve()"));
        server.awaitLine(READY, START_LIMIT);
        return lineStartingWith(server, "OTP ");
    }

    /**
     * One round on a fresh erl node named {@code name}, calling the server on {@code serverNode}
     * and making erpc calls to it and to {@code beamlinkNode}.
     */
    OtpRound round(String name, String serverNode, String beamlinkNode, ProcessOptions options)
            throws InterruptedException {
        String measure = "beamlink_process_bench:measure(" + options.spawns() + ", " + options.idleProcesses() + ", "
                + options.messages() + ", " + options.backlog() + ", " + options.selectiveReceives() + ", "
                + options.calls() + ", '" + serverNode + "', '" + beamlinkNode + "')";
        try (ChildProcess client = erl(name, measure)) {
            client.awaitLine(DONE, ROUND_LIMIT);
            return parse(lineStartingWith(client, FIGURES));
        }
    }

    private ChildProcess erl(String name, String call) {
        String start = program.compileLoadAndThen(call);
        List<String> command = List.of("erl", "-name", name, "-setcookie", cookie, "-noinput",
                "+P", PROCESS_LIMIT, "-start_epmd", "false", "-connect_all", "false",
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}", "-eval", start);
        return ChildProcess.start(name, command, Map.of("ERL_EPMD_PORT", Integer.toString(epmdPort)));
    }

    private static String lineStartingWith(ChildProcess process, String prefix) {
        return process.output().lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new BenchmarkException(process.name() + " printed no line starting with \"" + prefix
                        + "\"; its last output:\n" + process.output()));
    }

    /** "FIGURES spawn_per_s=1 idle_bytes=2 ..." into figures; fails naming the line if a field is missing or not a number. */
    static OtpRound parse(String line) {
        Map<String, Double> fields = new HashMap<>();
        List<String> words = new ArrayList<>(List.of(line.strip().split("\\s+")));
        if (words.isEmpty() || !words.removeFirst().equals(FIGURES)) {
            throw new BenchmarkException("not a figures line: \"" + line + "\"");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new BenchmarkException("\"" + word + "\" is not key=value in \"" + line + "\"");
            }
            try {
                fields.put(word.substring(0, eq), Double.parseDouble(word.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new BenchmarkException("\"" + word + "\" has no number in \"" + line + "\"", e);
            }
        }
        RoundFigures figures = new RoundFigures(field(fields, "spawn_per_s", line), field(fields, "idle_bytes", line),
                field(fields, "send_per_s", line), field(fields, "selective_ns", line),
                field(fields, "local_call_ns", line), field(fields, "remote_call_ns", line));
        return new OtpRound(figures, field(fields, "erpc_ns", line), field(fields, "erpc_to_beamlink_ns", line));
    }

    private static double field(Map<String, Double> fields, String key, String line) {
        Double value = fields.get(key);
        if (value == null) {
            throw new BenchmarkException("no " + key + " in \"" + line + "\"");
        }
        return value;
    }
}
