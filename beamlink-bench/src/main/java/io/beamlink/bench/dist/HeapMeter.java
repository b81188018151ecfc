package io.beamlink.bench.dist;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's live heap (used heap after full collections, the lowest of a few tries) and resident memory. */
public final class HeapMeter {
    private static final int COLLECTIONS = 3;
    private static final long PAUSE_MILLIS = 100;

    private HeapMeter() {
    }

    public static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            // Lets reference processing and finalization of the collection settle before reading.
            Thread.sleep(PAUSE_MILLIS);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** This process's resident set (VmRSS), or -1 where {@code /proc/self/status} does not exist. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] fields = line.trim().split("\\s+");
                    return Long.parseLong(fields[1]) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
