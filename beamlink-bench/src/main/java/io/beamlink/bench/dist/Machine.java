package io.beamlink.bench.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run ran, as figures are meaningless without it.
 *
 * @param cpus processors this JVM may use
 * @param cpuModel the first "model name" of /proc/cpuinfo
 * @param memoryBytes MemTotal of /proc/meminfo
 * @param jdk vendor and version of this JVM
 * @param otp the OTP release and ERTS version of the erl peers
 * @param os name, version and architecture
 * @param loadAverage /proc/loadavg's 1, 5 and 15 minute figures when the run started: other
 *                    work on the machine makes every figure noisier
 */
public record Machine(int cpus, String cpuModel, long memoryBytes, String jdk, String otp, String os,
        String loadAverage) {

    public static Machine describe(String otp) {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse("unknown"),
                procField("/proc/meminfo", "MemTotal").map(Machine::kibToBytes).orElse(0L),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                otp,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                currentLoadAverage());
    }

    /** The value after the colon on the first line of {@code file} that starts with {@code key}. */
    private static Optional<String> procField(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key) && l.contains(":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long kibToBytes(String value) {
        return Long.parseLong(value.replace("kB", "").trim()) * 1024;
    }

    private static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
