package io.beamlink.bench.epmd;

import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Beamlink's epmd in a JVM of its own, as benchmarks run it so it competes for the CPU as OTP's
 * epmd process does and its memory can be measured alone. Prints {@code listening <port>}, then
 * answers {@code heap} with {@code heap <bytes used after a full GC>} until standard input ends.
 */
public final class EpmdDaemonProcess {
    static final String LISTENING = "listening ";
    static final String HEAP = "heap";

    private EpmdDaemonProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (EpmdDaemon daemon = EpmdDaemon.start(EpmdConfig.builder().port(0)
                .addresses(List.of(InetAddress.getByName("127.0.0.1"))).build())) {
            System.out.println(LISTENING + daemon.port());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            // Ends when the benchmark closes our standard input.
            while ((command = commands.readLine()) != null) {
                if (command.equals(HEAP)) {
                    System.out.println(HEAP + " " + heapUsedAfterGc());
                    System.out.flush();
                }
            }
        }
    }

    private static long heapUsedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
