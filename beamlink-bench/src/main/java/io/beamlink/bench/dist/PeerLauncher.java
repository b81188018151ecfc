package io.beamlink.bench.dist;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the out-of-process peers of a run, all on loopback, on the run's epmd and cookie: erl
 * nodes that load beamlink_bench.erl, and a JVM with JInterface on its class path.
 */
final class PeerLauncher {
    private static final String PROGRAM = "beamlink_bench.erl";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    /** By name: loading the class here would reach for JInterface, which only the child has. */
    private static final String JINTERFACE_MAIN = "io.beamlink.bench.dist.JInterfacePeer";

    private final String cookie;
    private final int epmdPort;
    private final ErlangProgram program;
    private final Path jinterfaceJar;

    /** Writes the Erlang program into {@code workDir}. */
    PeerLauncher(String cookie, int epmdPort, Path workDir, Path jinterfaceJar) {
        this.cookie = cookie;
        this.epmdPort = epmdPort;
        this.program = ErlangProgram.write(PeerLauncher.class, PROGRAM, workDir);
        this.jinterfaceJar = jinterfaceJar;
    }

    /** An erl node named {@code name} (a long name on 127.0.0.1) serving the benchmark jobs. */
    ChildProcess erl(String name) throws InterruptedException {
        String start = program.compileLoadAndThen("M:start()");
        List<String> command = List.of("erl", "-name", name, "-setcookie", cookie, "-noinput",
                "-start_epmd", "false",
                // No global mesh: the harness's own connections must not make peers connect to each other.
                "-connect_all", "false",
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-eval", start);
        return started(ChildProcess.start(name, command, Map.of("ERL_EPMD_PORT", Integer.toString(epmdPort))));
    }

    /** A JVM running {@link JInterfacePeer} as node {@code name}. */
    ChildProcess jinterface(String name) throws InterruptedException {
        if (!Files.isReadable(jinterfaceJar)) {
            throw new BenchmarkException("no JInterface jar at " + jinterfaceJar + ": install the Debian package"
                    + " erlang-jinterface, or give the path of OtpErlang.jar");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path") + File.pathSeparator + jinterfaceJar;
        List<String> command = List.of(java, "-cp", classPath, JINTERFACE_MAIN, name, cookie,
                Integer.toString(epmdPort));
        return started(ChildProcess.start(name, command, Map.of("ERL_EPMD_PORT", Integer.toString(epmdPort))));
    }

    private static ChildProcess started(ChildProcess process) throws InterruptedException {
        try {
            process.awaitLine(BenchProtocol.READY, START_LIMIT);
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return process;
    }
}
