package io.beamlink.bench.dist;

import io.beamlink.bench.Payload;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code beamlink bench dist} run, all pairings side by side, with the
 * ratios the performance targets are stated in; printable as a table and as JSON.
 */
public final class DistReport {
    /**
     * Connection setup of one pairing: epmd lookup and handshake, initiator to acceptor.
     *
     * @param cold the first connects of the run, before any warm-up (Java code still interpreted)
     * @param nanos the same number of connects after a warm-up of every pairing: what the targets use
     */
    public record Setup(Pairing pairing, Percentiles cold, Percentiles nanos) {
    }

    /** One pairing and payload: the time of each round's run of {@code messages} messages. */
    public record Throughput(Pairing pairing, Payload payload, int messages, long[] nanosPerRound) {
        public double[] ratesPerRound() {
            return Arrays.stream(nanosPerRound).mapToDouble(n -> messages * 1e9 / n).toArray();
        }

        /** Messages per second, the median of the rounds. */
        public double rate() {
            return messages * 1e9 / new Percentiles(nanosPerRound).median();
        }
    }

    /** Round trips of one pairing and payload, every round's together. */
    public record Latency(Pairing pairing, Payload payload, Percentiles nanos) {
    }

    /**
     * Memory an idle connection holds, per connection, measured over {@code connections}
     * connections from hidden Beamlink nodes in this JVM.
     *
     * @param beamlinkEndBytes growth of this JVM's heap after GC when the nodes connected to an OTP node
     * @param beamlinkEndThreads growth of this JVM's platform thread count then (reader threads)
     * @param beamlinkEndResidentBytes growth of this process's resident memory then (heap, thread stacks and
     *                                 the JVM's native memory; -1 where /proc/self/status is missing)
     * @param otpEndBytes growth of that OTP node's {@code erlang:memory(total)}, after GC of every process
     * @param beamlinkBothEndsBytes growth of this JVM's heap after GC when the same nodes then connected to a
     *                              Beamlink node in this JVM: both ends of each connection
     */
    public record Memory(int connections, long beamlinkEndBytes, double beamlinkEndThreads, long beamlinkEndResidentBytes,
            long otpEndBytes, long beamlinkBothEndsBytes) {
    }

    /** A target as a ratio: met when {@code value} is at least (or at most) {@code bound}. */
    public record TargetCheck(String target, double value, boolean atLeast, double bound) {
        public boolean met() {
            return atLeast ? value >= bound : value <= bound;
        }
    }

    private final Instant date;
    private final Machine machine;
    private final DistOptions options;
    private final List<Setup> setups;
    private final List<Throughput> throughputs;
    private final List<Latency> latencies;
    private final Memory memory;

    DistReport(Instant date, Machine machine, DistOptions options, List<Setup> setups, List<Throughput> throughputs,
            List<Latency> latencies, Memory memory) {
        this.date = date;
        this.machine = machine;
        this.options = options;
        this.setups = List.copyOf(setups);
        this.throughputs = List.copyOf(throughputs);
        this.latencies = List.copyOf(latencies);
        this.memory = memory;
    }

    public Machine machine() {
        return machine;
    }

    public List<Setup> setups() {
        return setups;
    }

    public List<Throughput> throughputs() {
        return throughputs;
    }

    public List<Latency> latencies() {
        return latencies;
    }

    public Memory memory() {
        return memory;
    }

    public Throughput throughput(Pairing pairing, Payload payload) {
        return throughputs.stream().filter(t -> t.pairing() == pairing && t.payload() == payload).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no throughput for " + pairing + ", " + payload));
    }

    public Latency latency(Pairing pairing, Payload payload) {
        return latencies.stream().filter(l -> l.pairing() == pairing && l.payload() == payload).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no latency for " + pairing + ", " + payload));
    }

    public Setup setup(Pairing pairing) {
        return setups.stream().filter(s -> s.pairing() == pairing).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setup for " + pairing));
    }

    /** The targets of the performance issue, each as a ratio of figures from this run. */
    public List<TargetCheck> targets() {
        List<TargetCheck> checks = new ArrayList<>();
        for (Payload p : Payload.values()) {
            String on = " on " + p.label();
            double otp = throughput(Pairing.OTP_TO_OTP, p).rate();
            checks.add(new TargetCheck("throughput Beamlink->Beamlink / OTP->OTP" + on,
                    throughput(Pairing.BEAMLINK_TO_BEAMLINK, p).rate() / otp, true, 5));
            checks.add(new TargetCheck("throughput Beamlink->OTP / OTP->OTP" + on,
                    throughput(Pairing.BEAMLINK_TO_OTP, p).rate() / otp, true, 1));
            checks.add(new TargetCheck("throughput OTP->Beamlink / OTP->OTP" + on,
                    throughput(Pairing.OTP_TO_BEAMLINK, p).rate() / otp, true, 1));
            checks.add(new TargetCheck("throughput Beamlink->OTP / JInterface->OTP" + on,
                    throughput(Pairing.BEAMLINK_TO_OTP, p).rate() / throughput(Pairing.JINTERFACE_TO_OTP, p).rate(),
                    true, 3));
        }
        for (Payload p : Payload.values()) {
            String on = " on " + p.label();
            double otpMedian = latency(Pairing.OTP_TO_OTP, p).nanos().median();
            for (Pairing pairing : List.of(Pairing.BEAMLINK_TO_BEAMLINK, Pairing.BEAMLINK_TO_OTP)) {
                Percentiles rtt = latency(pairing, p).nanos();
                checks.add(new TargetCheck("round trip p50 " + pairing.label() + " / OTP->OTP" + on,
                        rtt.median() / otpMedian, false, 1));
                checks.add(new TargetCheck("round trip p99.9 / p50 " + pairing.label() + on,
                        (double) rtt.at(99.9) / rtt.median(), false, 3));
            }
        }
        double otpSetup = setup(Pairing.OTP_TO_OTP).nanos().median();
        for (Pairing pairing : List.of(Pairing.BEAMLINK_TO_BEAMLINK, Pairing.BEAMLINK_TO_OTP, Pairing.OTP_TO_BEAMLINK)) {
            checks.add(new TargetCheck("connection setup median " + pairing.label() + " / OTP->OTP",
                    setup(pairing).nanos().median() / otpSetup, false, 1));
        }
        return checks;
    }

    /** The tables, as {@code beamlink bench dist} prints them. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "Beamlink distribution benchmark, %s%n", date);
        out.printf(Locale.ROOT, "Machine: %d CPUs (%s), %.1f GiB, %s, %s, %s; load average at start %s%n",
                machine.cpus(), machine.cpuModel(), machine.memoryBytes() / (double) (1L << 30), machine.jdk(),
                machine.otp(), machine.os(), machine.loadAverage());
        out.printf(Locale.ROOT, "Run: %d round(s); %,d messages per throughput run (%,d for %s), ack window %d;"
                        + " %,d round trips per latency run; %,d connects; %,d idle connections%n%n",
                options.rounds(), options.messages(), options.binaryMessages(), Payload.BINARY_1K.label(),
                options.window(), options.roundTrips(), options.connects(), options.idleConnections());

        out.printf(Locale.ROOT, "Throughput, one sender (messages/s, median of %d round(s))%n", options.rounds());
        out.print(row("", Arrays.stream(Payload.values()).map(Payload::label).toList()));
        for (Pairing pairing : Pairing.values()) {
            out.print(row(pairing.label(), Arrays.stream(Payload.values())
                    .map(p -> String.format(Locale.ROOT, "%,.0f", throughput(pairing, p).rate())).toList()));
        }

        out.printf(Locale.ROOT, "%nRound trip, one at a time (microseconds: p50 / p99 / p99.9)%n");
        out.print(row("", Arrays.stream(Payload.values()).map(Payload::label).toList()));
        for (Pairing pairing : Pairing.values()) {
            out.print(row(pairing.label(), Arrays.stream(Payload.values()).map(p -> {
                Percentiles rtt = latency(pairing, p).nanos();
                return micros(rtt.median()) + " / " + micros(rtt.at(99)) + " / " + micros(rtt.at(99.9));
            }).toList()));
        }

        out.printf(Locale.ROOT, "%nConnection setup, epmd lookup + handshake (microseconds)%n");
        out.print(row("", List.of("median", "p90", "cold median")));
        for (Setup s : setups) {
            out.print(row(s.pairing().label(), List.of(micros(s.nanos().median()), micros(s.nanos().at(90)),
                    micros(s.cold().median()))));
        }
        out.printf(Locale.ROOT, "  (%d connects each after a warm-up; cold: the first %d of the run)%n",
                setups.get(0).nanos().count(), setups.get(0).cold().count());

        out.printf(Locale.ROOT, "%nMemory per idle connection (%d connections from hidden Beamlink nodes)%n",
                memory.connections());
        out.printf(Locale.ROOT, "  Beamlink end (JVM heap after GC):             %s%n", kib(memory.beamlinkEndBytes()));
        out.printf(Locale.ROOT, "  Beamlink end, platform threads:               %.2f%n", memory.beamlinkEndThreads());
        out.printf(Locale.ROOT, "  Beamlink end, process resident memory:        %s%n",
                memory.beamlinkEndResidentBytes() < 0 ? "n/a" : kib(memory.beamlinkEndResidentBytes()));
        out.printf(Locale.ROOT, "  OTP end (erlang:memory(total) after GC):      %s%n", kib(memory.otpEndBytes()));
        out.printf(Locale.ROOT, "  Beamlink to Beamlink, both ends (JVM heap):   %s%n", kib(memory.beamlinkBothEndsBytes()));

        out.printf(Locale.ROOT, "%nTargets (ratios from this run)%n");
        for (TargetCheck check : targets()) {
            out.printf(Locale.ROOT, "  %-7s %-62s %6.2f (target %s %s)%n", check.met() ? "met" : "NOT MET",
                    check.target(), check.value(), check.atLeast() ? ">=" : "<=", trim(check.bound()));
        }
        out.flush();
    }

    public String toJson() {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("date").value(date.toString());
        json.name("machine").beginObject()
                .name("cpus").value(machine.cpus())
                .name("cpuModel").value(machine.cpuModel())
                .name("memoryBytes").value(machine.memoryBytes())
                .name("jdk").value(machine.jdk())
                .name("otp").value(machine.otp())
                .name("os").value(machine.os())
                .name("loadAverageAtStart").value(machine.loadAverage())
                .endObject();
        json.name("options").beginObject()
                .name("rounds").value(options.rounds())
                .name("messages").value(options.messages())
                .name("binaryMessages").value(options.binaryMessages())
                .name("window").value(options.window())
                .name("roundTrips").value(options.roundTrips())
                .name("connects").value(options.connects())
                .name("idleConnections").value(options.idleConnections())
                .endObject();
        json.name("throughput").beginArray();
        for (Throughput t : throughputs) {
            json.beginObject().name("pairing").value(t.pairing().label()).name("payload").value(t.payload().erlang())
                    .name("messages").value(t.messages())
                    .name("messagesPerSecond").value(t.rate())
                    .name("messagesPerSecondPerRound").beginArray();
            for (double rate : t.ratesPerRound()) {
                json.value(rate);
            }
            json.endArray().endObject();
        }
        json.endArray();
        json.name("roundTrip").beginArray();
        for (Latency l : latencies) {
            json.beginObject().name("pairing").value(l.pairing().label()).name("payload").value(l.payload().erlang())
                    .name("count").value(l.nanos().count())
                    .name("p50Micros").value(l.nanos().median() / 1e3)
                    .name("p99Micros").value(l.nanos().at(99) / 1e3)
                    .name("p999Micros").value(l.nanos().at(99.9) / 1e3)
                    .endObject();
        }
        json.endArray();
        json.name("connectionSetup").beginArray();
        for (Setup s : setups) {
            json.beginObject().name("pairing").value(s.pairing().label())
                    .name("count").value(s.nanos().count())
                    .name("medianMicros").value(s.nanos().median() / 1e3)
                    .name("p90Micros").value(s.nanos().at(90) / 1e3)
                    .name("coldMedianMicros").value(s.cold().median() / 1e3)
                    .endObject();
        }
        json.endArray();
        json.name("idleConnectionMemory").beginObject()
                .name("connections").value(memory.connections())
                .name("beamlinkEndBytes").value(memory.beamlinkEndBytes())
                .name("beamlinkEndThreads").value(memory.beamlinkEndThreads())
                .name("beamlinkEndResidentBytes").value(memory.beamlinkEndResidentBytes())
                .name("otpEndBytes").value(memory.otpEndBytes())
                .name("beamlinkBothEndsBytes").value(memory.beamlinkBothEndsBytes())
                .endObject();
        json.name("targets").beginArray();
        for (TargetCheck check : targets()) {
            json.beginObject().name("target").value(check.target()).name("ratio").value(check.value())
                    .name("relation").value(check.atLeast() ? ">=" : "<=").name("bound").value(check.bound())
                    .name("met").value(check.met()).endObject();
        }
        json.endArray();
        return json.endObject().toString();
    }

    private static String row(String first, List<String> cells) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", first));
        for (String cell : cells) {
            line.append(String.format(Locale.ROOT, "%24s", cell));
        }
        return line.append('\n').toString();
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, nanos < 100_000 ? "%.1f" : "%.0f", nanos / 1e3);
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static String trim(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
