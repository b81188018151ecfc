package io.beamlink.cli;

import io.beamlink.bench.dist.DistBenchmark;
import io.beamlink.bench.dist.DistOptions;
import io.beamlink.bench.dist.DistReport;
import io.beamlink.bench.process.ProcessBenchmark;
import io.beamlink.bench.process.ProcessOptions;
import io.beamlink.bench.process.ProcessReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beamlink bench}: the benchmarks that need no JMH. {@code bench dist} runs the
 * cross-runtime distribution harness; the codec benchmarks are JMH's
 * ({@code beamlink-bench/target/benchmarks.jar}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. `bench processes` compares processes with OTP's; `bench dist` measures Beamlink, OTP and JInterface side by side on loopback.",
            "The codec benchmarks run with JMH: java -cp beamlink-bench/target/benchmarks.jar:"
                + "/usr/share/java/OtpErlang.jar org.openjdk.jmh.Main"})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dist", mixinStandardHelpOptions = true,
            description = {"Distribution throughput, round-trip latency, connection setup and idle connection memory"
                    + " for Beamlink->Beamlink, Beamlink->OTP, OTP->Beamlink, OTP->OTP and JInterface->OTP, on three"
                    + " payloads, in one run. Starts its own epmd (free port), erl nodes and a JInterface JVM on"
                    + " loopback and stops them all at the end (also on Ctrl-C).",
                "Needs erl and epmd on the PATH (OTP 25+) and JInterface's jar."})
    int dist(
            @Option(names = "--quick", description = "A short run (about a minute) instead of the full one.")
            boolean quick,
            @Option(names = "--rounds", paramLabel = "N", description = "Rounds of throughput and latency (default:"
                    + " 3, or 1 with --quick); throughput is the median over rounds.")
            Integer rounds,
            @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
            Path json,
            @Option(names = "--jinterface-jar", paramLabel = "JAR", description = "JInterface's OtpErlang.jar"
                    + " (default: ${DEFAULT-VALUE}).", defaultValue = "/usr/share/java/OtpErlang.jar")
            Path jinterfaceJar) throws InterruptedException, IOException {
        // The nodes' lifecycle logs would drown the progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        DistOptions base = quick ? DistOptions.quick() : DistOptions.full();
        DistOptions options = base.withJInterfaceJar(jinterfaceJar);
        if (rounds != null) {
            options = options.withRounds(rounds);
        }
        PrintWriter progress = spec.commandLine().getErr();
        DistReport report = DistBenchmark.run(options, progress);
        progress.println();
        report.print(spec.commandLine().getOut());
        if (json != null) {
            Files.writeString(json, report.toJson());
            progress.println("Wrote " + json);
        }
        return 0;
    }

    @Command(name = "processes", mixinStandardHelpOptions = true,
            description = {"Spawn rate, idle process memory, send and receive throughput, selective receive over a"
                    + " backlog, GenServer call round trips (local, Beamlink->Beamlink, Beamlink->OTP) and erpc calls"
                    + " from OTP (to Beamlink, to OTP), Beamlink and OTP side by side in one run. Starts its own epmd"
                    + " (free port), erl nodes and two Beamlink nodes on loopback and stops them all at the end (also"
                    + " on Ctrl-C).",
                "Needs erl and epmd on the PATH (OTP 25+). For 100,000 idle processes give the JVM room, and a"
                    + " fixed heap so the collections that weigh idle processes do not shrink it for the"
                    + " measurements after them: BEAMLINK_JAVA_OPTS='-Xms2g -Xmx2g'."})
    int processes(
            @Option(names = "--quick", description = "A short run (under a minute) instead of the full one.")
            boolean quick,
            @Option(names = "--rounds", paramLabel = "N", description = "Rounds, each runtime once per round"
                    + " (default: 5, or 1 with --quick); figures are medians over rounds.")
            Integer rounds) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        ProcessOptions options = quick ? ProcessOptions.quick() : ProcessOptions.full();
        if (rounds != null) {
            options = options.withRounds(rounds);
        }
        PrintWriter progress = spec.commandLine().getErr();
        ProcessReport report = ProcessBenchmark.run(options, progress);
        progress.println();
        report.print(spec.commandLine().getOut());
        return 0;
    }
}
