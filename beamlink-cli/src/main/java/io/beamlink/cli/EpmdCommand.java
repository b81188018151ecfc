package io.beamlink.cli;

import io.beamlink.epmd.EpmdAddressInUseException;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.epmd.EpmdDebugLog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code beamlink epmd}: a drop-in for OTP's {@code epmd}, with its option spelling, output and
 * exit statuses. Without a client command it runs the daemon in the foreground until KILL_REQ,
 * SIGINT or SIGTERM. picocli hands over the raw arguments; {@link EpmdArguments} reads them the
 * way OTP's epmd does.
 */
@Command(
        name = "epmd",
        description = "Erlang port mapper daemon, compatible with OTP's epmd (same options, output and exit status).",
        synopsisHeading = "Usage:%n",
        customSynopsis = {
            "  beamlink epmd [-d|-debug]... [-address List] [-port No] [-daemon]",
            "                [-relaxed_command_check] [-packet_timeout Seconds]",
            "                [-delay_accept Seconds] [-delay_write Seconds]",
            "  beamlink epmd [-d|-debug] [-port No]",
            "                [-names | -started | -dump | -kill | -stop Name]",
        },
        descriptionHeading = "%n",
        footerHeading = "%n",
        footer = {
            "Regular options",
            "  -address List   Listen only on these comma-separated IP addresses (and on",
            "                  127.0.0.1 and ::1). Default: every address. Env: ERL_EPMD_ADDRESS.",
            "  -port No        Listen on (or, for client commands, contact) this port instead",
            "                  of 4369. Env: ERL_EPMD_PORT.",
            "  -d, -debug      More debug output on standard error, in OTP's format; repeat",
            "                  for more (1: requests, 2: connections and bytes, 3: name table).",
            "                  Also remembers only 5 unregistered names instead of 1000.",
            "  -daemon         Run detached in the background.",
            "  -relaxed_command_check",
            "                  Allow -kill while nodes are registered, and allow -stop.",
            "                  Env: ERL_EPMD_RELAXED_COMMAND_CHECK (any value).",
            "",
            "DbgExtra options",
            "  -packet_timeout Seconds",
            "                  Close a connection that has not registered a node after this",
            "                  many idle seconds (default 60).",
            "  -delay_accept Seconds, -delay_write Seconds",
            "                  Pause before each accept / each reply, to simulate a busy server.",
            "",
            "Interactive options (client commands; must come last)",
            "  -names          List the names registered with the running epmd.",
            "  -started        Exit status 0 if an epmd runs, 1 if not; prints nothing.",
            "  -dump           List registered and remembered names with their descriptors.",
            "  -kill           Stop the running epmd (only with no registered nodes, unless it",
            "                  runs with -relaxed_command_check).",
            "  -stop Name      Unregister Name by force (needs -relaxed_command_check).",
            "",
            "Exit status as OTP's epmd: 0 on success, 1 when epmd cannot be reached, refuses,",
            "or the arguments are wrong; a daemon finding its port taken exits with 0.",
        })
public final class EpmdCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    /** Output goes to {@code streams} byte for byte (node names may be any UTF-8). */
    EpmdCommand(ProcessStreams streams) {
        this(streams, System.getenv());
    }

    /** For tests: another environment ({@code ERL_EPMD_PORT} and the like). */
    EpmdCommand(ProcessStreams streams, Map<String, String> environment) {
        this.out = streams.out();
        this.err = streams.err();
        this.environment = environment;
    }

    @Override
    public Integer call() {
        EpmdArguments parsed;
        try {
            parsed = EpmdArguments.parse(arguments, environment);
        } catch (EpmdArguments.UsageException e) {
            err.print("beamlink epmd: " + e.getMessage() + "\n");
            spec.commandLine().usage(err);
            return 1;
        }
        EpmdClientCommands client = new EpmdClientCommands(parsed.port(), out, err);
        return switch (parsed.action()) {
            case HELP -> {
                spec.commandLine().usage(out);
                yield 0;
            }
            case NAMES -> client.names(false);
            case STARTED -> client.names(true);
            case DUMP -> client.dump();
            case KILL -> client.kill();
            case STOP -> client.stop(parsed.stopName());
            case DAEMON -> parsed.detach() ? detach() : runDaemon(parsed);
        };
    }

    private int detach() {
        try {
            EpmdBackground.start(arguments);
            return 0;
        } catch (IOException e) {
            err.print("beamlink epmd: cannot start in the background: " + e.getMessage() + "\n");
            return 1;
        }
    }

    private int runDaemon(EpmdArguments parsed) {
        List<InetAddress> addresses;
        try {
            addresses = parsed.listenAddresses();
        } catch (IllegalArgumentException e) {
            new EpmdDebugLog(0, err).log(0, e.getMessage());
            return 1;
        }
        EpmdConfig config = EpmdConfig.builder()
                .port(parsed.port())
                .addresses(addresses)
                .debugLevel(parsed.debugLevel())
                .relaxedCommandCheck(parsed.relaxedCommandCheck())
                .packetTimeout(parsed.packetTimeout())
                .delayAccept(parsed.delayAccept())
                .delayWrite(parsed.delayWrite())
                .debugOutput(err)
                .build();
        EpmdDaemon daemon;
        try {
            daemon = EpmdDaemon.start(config);
        } catch (EpmdAddressInUseException e) {
            return 0; // OTP's epmd leaves quietly when another one runs; the debug log said so
        } catch (IOException e) {
            return 1; // the debug log named the address that failed
        }
        Thread shutdown = new Thread(daemon::close, "epmd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            daemon.awaitTermination();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.close();
            return 1;
        } finally {
            removeHook(shutdown);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (SIGINT, SIGTERM): the hook is running or has run
        }
    }
}
