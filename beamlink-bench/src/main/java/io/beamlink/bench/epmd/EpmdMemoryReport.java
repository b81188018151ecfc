package io.beamlink.bench.epmd;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Memory of an epmd holding many registered names: registers up to N names (default 10,000)
 * with OTP's epmd and with Beamlink's, each in its own process, and prints the resident memory
 * before and after (and Beamlink's heap after a full GC). OTP's epmd serves at most about 1,020
 * connections (select() and FD_SETSIZE), so it stops short of 10,000; how many it took is printed.
 *
 * <pre>java -cp beamlink-bench/target/benchmarks.jar io.beamlink.bench.epmd.EpmdMemoryReport [N]</pre>
 *
 * <p>Holding N registrations takes N sockets in this process and N in the daemon's: the open
 * file limit ({@code ulimit -n}) must exceed N plus a few hundred.
 */
public final class EpmdMemoryReport {
    private static final int DEFAULT_NAMES = 10_000;

    private EpmdMemoryReport() {
    }

    public static void main(String[] args) throws Exception {
        int wanted = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_NAMES;
        System.out.printf(Locale.ROOT, "%-9s %10s %14s %14s %14s %16s%n", "epmd", "names", "RSS before", "RSS after",
                "RSS per name", "heap after GC");
        for (String kind : BenchEpmd.kinds()) {
            measure(kind, wanted);
        }
    }

    private static void measure(String kind, int wanted) throws IOException, InterruptedException {
        try (BenchEpmd daemon = BenchEpmd.start(kind)) {
            OptionalLong heapBefore = daemon.heapAfterGc();
            long before = daemon.residentBytes();
            List<EpmdRegistration> registrations = new ArrayList<>(wanted);
            String stoppedBy = "";
            try {
                EpmdClient client = daemon.client();
                for (int i = 0; i < wanted; i++) {
                    try {
                        registrations.add(client.register("node" + i, 10_000 + i % 50_000));
                    } catch (IOException e) {
                        stoppedBy = " (stopped: " + e.getMessage() + ")";
                        break;
                    }
                }
                // OTP's epmd at its connection limit cannot answer NAMES; then count what it accepted
                int listed = stoppedBy.isEmpty() ? client.names().size() : registrations.size();
                OptionalLong heapAfter = daemon.heapAfterGc();
                long after = daemon.residentBytes();
                System.out.printf(Locale.ROOT, "%-9s %10d %13.1fM %13.1fM %13.0fB %16s%s%n", kind, listed, mib(before),
                        mib(after), registrations.isEmpty() ? 0.0 : (after - before) / (double) registrations.size(),
                        heapAfter.isPresent() ? String.format(Locale.ROOT, "%.1fM (+%.1fM)", mib(heapAfter.getAsLong()),
                                mib(heapAfter.getAsLong() - heapBefore.getAsLong())) : "-", stoppedBy);
            } finally {
                registrations.forEach(EpmdRegistration::close);
            }
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
