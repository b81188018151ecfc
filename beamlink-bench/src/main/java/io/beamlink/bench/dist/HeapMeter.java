package io.beamlink.bench.dist;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** This JVM's live heap: used heap after full collections, the lowest of a few tries. */
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
}
