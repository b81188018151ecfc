package io.beamlink.bench.process;

import io.beamlink.bench.dist.Machine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a {@code bench processes} run, each the median of its rounds, side by side
 * with OTP's and against the targets of issue 5.
 *
 * @param machine where the run ran
 * @param options the counts it ran with
 * @param beamlink Beamlink's figures, one per round (remote calls: Beamlink to Beamlink)
 * @param otp OTP's figures, one per round (remote calls: OTP to OTP), with its erpc calls to OTP and to Beamlink
 * @param beamlinkToOtpCallNanos one Beamlink to OTP call round trip, one per round
 */
public record ProcessReport(Machine machine, ProcessOptions options, List<RoundFigures> beamlink,
        List<OtpRound> otp, List<Double> beamlinkToOtpCallNanos) {
    /** Issue 5's bound on an idle process. */
    static final double IDLE_PROCESS_BYTES_LIMIT = 1024;

    public ProcessReport {
        beamlink = List.copyOf(beamlink);
        otp = List.copyOf(otp);
        beamlinkToOtpCallNanos = List.copyOf(beamlinkToOtpCallNanos);
    }

    /**
     * One target: {@code ratio} is Beamlink's figure against OTP's (or against the bound), oriented
     * so that more is better; met when it is at least {@code needed}.
     */
    public record Target(String name, double ratio, double needed) {
        public boolean met() {
            return ratio >= needed;
        }
    }

    public double beamlinkMedian(ToDoubleFunction<RoundFigures> figure) {
        return median(beamlink.stream().mapToDouble(figure).toArray());
    }

    public double otpMedian(ToDoubleFunction<RoundFigures> figure) {
        return median(otp.stream().mapToDouble(round -> figure.applyAsDouble(round.figures())).toArray());
    }

    /** The median of an erpc figure of the OTP rounds. */
    public double erpcMedian(ToDoubleFunction<OtpRound> figure) {
        return median(otp.stream().mapToDouble(figure).toArray());
    }

    public double beamlinkToOtpCallMedian() {
        return median(beamlinkToOtpCallNanos.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("spawn rate, x OTP's", faster(RoundFigures::spawnsPerSecond), 3));
        targets.add(new Target("idle process, 1 KiB / bytes", IDLE_PROCESS_BYTES_LIMIT
                / beamlinkMedian(RoundFigures::bytesPerIdleProcess), 1));
        targets.add(new Target("send+receive throughput, x OTP's", faster(RoundFigures::messagesPerSecond), 1));
        targets.add(new Target("local call, OTP's time / ours", quicker(RoundFigures::localCallNanos), 1));
        targets.add(new Target("remote call Beamlink->Beamlink, OTP->OTP time / ours",
                quicker(RoundFigures::remoteCallNanos), 1));
        targets.add(new Target("remote call Beamlink->OTP, OTP->OTP time / ours",
                otpMedian(RoundFigures::remoteCallNanos) / beamlinkToOtpCallMedian(), 1));
        return targets;
    }

    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "Machine: %d cpus, %s, %s; %s; load average %s at start%n", machine.cpus(),
                machine.cpuModel(), machine.jdk(), machine.otp(), machine.loadAverage());
        out.printf(Locale.ROOT, "Medians of %d rounds; counts: %s%n%n", beamlink.size(), options);
        out.printf(Locale.ROOT, "%-44s %16s %16s %8s%n", "measurement", "Beamlink", "OTP", "B/OTP");
        row(out, "spawn (spawns/s)", RoundFigures::spawnsPerSecond);
        row(out, "idle process (bytes)", RoundFigures::bytesPerIdleProcess);
        row(out, "send+receive, 1 -> 1 process (msgs/s)", RoundFigures::messagesPerSecond);
        row(out, "selective receive over " + options.backlog() + " (ns)", RoundFigures::selectiveReceiveNanos);
        row(out, "GenServer call, local (ns)", RoundFigures::localCallNanos);
        row(out, "GenServer call, remote same runtime (ns)", RoundFigures::remoteCallNanos);
        double otpRemote = otpMedian(RoundFigures::remoteCallNanos);
        out.printf(Locale.ROOT, "%-44s %16.0f %16.0f %8.2f%n", "GenServer call, Beamlink -> OTP (ns)",
                beamlinkToOtpCallMedian(), otpRemote, beamlinkToOtpCallMedian() / otpRemote);
        double erpcToBeamlink = erpcMedian(OtpRound::erpcToBeamlinkNanos);
        double erpcToOtp = erpcMedian(OtpRound::erpcToOtpNanos);
        out.printf(Locale.ROOT, "%-44s %16.0f %16.0f %8.2f%n", "erpc:call from OTP, to Beamlink / to OTP (ns)",
                erpcToBeamlink, erpcToOtp, erpcToBeamlink / erpcToOtp);
        out.println();
        out.println("Targets (ratio: more is better, met at 'needed' or above):");
        for (Target target : targets()) {
            out.printf(Locale.ROOT, "  %-56s %8.2f  needed %4.1f  %s%n", target.name(), target.ratio(),
                    target.needed(), target.met() ? "met" : "MISSED");
        }
        out.flush();
    }

    private void row(PrintWriter out, String name, ToDoubleFunction<RoundFigures> figure) {
        double ours = beamlinkMedian(figure);
        double theirs = otpMedian(figure);
        out.printf(Locale.ROOT, "%-44s %16.0f %16.0f %8.2f%n", name, ours, theirs, ours / theirs);
    }

    private double faster(ToDoubleFunction<RoundFigures> perSecond) {
        return beamlinkMedian(perSecond) / otpMedian(perSecond);
    }

    private double quicker(ToDoubleFunction<RoundFigures> nanos) {
        return otpMedian(nanos) / beamlinkMedian(nanos);
    }

    /** The lower middle value for an even count, as nearest-rank medians elsewhere in the harness. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no rounds");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
