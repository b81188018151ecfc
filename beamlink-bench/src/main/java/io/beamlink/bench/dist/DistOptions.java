package io.beamlink.bench.dist;

import io.beamlink.bench.Payload;
import java.nio.file.Path;

/**
 * How much a {@code beamlink bench dist} run measures. Every pairing gets the same counts, so
 * the ratios between pairings are fair.
 *
 * @param rounds throughput and latency rounds; pairings take turns within a round, and the
 *               throughput reported is the median over the rounds
 * @param messages messages per throughput run for the small tuple and the map
 * @param binaryMessages messages per throughput run for the 1 KiB binary
 * @param window the receiver acknowledges every {@code window} messages; the sender stays at
 *               most two windows ahead
 * @param roundTrips round trips per latency run
 * @param connects connection setups per pairing (epmd lookup and handshake)
 * @param idleConnections connections opened to measure the memory an idle connection holds
 * @param jinterfaceJar JInterface's jar, put on the JInterface peer's class path only
 */
public record DistOptions(int rounds, int messages, int binaryMessages, int window, int roundTrips, int connects,
        int idleConnections, Path jinterfaceJar) {
    /** Where Debian's erlang-jinterface package puts the jar. */
    public static final Path DEBIAN_JINTERFACE = Path.of("/usr/share/java/OtpErlang.jar");

    public DistOptions {
        positive("rounds", rounds);
        positive("messages", messages);
        positive("binaryMessages", binaryMessages);
        positive("window", window);
        positive("roundTrips", roundTrips);
        positive("connects", connects);
        positive("idleConnections", idleConnections);
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** The documented run: a million small messages per pairing and payload, three rounds. */
    public static DistOptions full() {
        return new DistOptions(3, 1_000_000, 200_000, 1000, 10_000, 50, 200, DEBIAN_JINTERFACE);
    }

    /** A short run (seconds per pairing) to check that everything works. */
    public static DistOptions quick() {
        return new DistOptions(1, 100_000, 20_000, 1000, 2_000, 10, 20, DEBIAN_JINTERFACE);
    }

    public DistOptions withJInterfaceJar(Path jar) {
        return new DistOptions(rounds, messages, binaryMessages, window, roundTrips, connects, idleConnections, jar);
    }

    public DistOptions withRounds(int count) {
        return new DistOptions(count, messages, binaryMessages, window, roundTrips, connects, idleConnections,
                jinterfaceJar);
    }

    /** Messages per throughput run for {@code payload}. */
    int messagesOf(Payload payload) {
        return payload == Payload.BINARY_1K ? binaryMessages : messages;
    }

    /** Warm-up before the first round: a fifth of a run, at least one message. */
    int warmupMessagesOf(Payload payload) {
        return Math.max(1, messagesOf(payload) / 5);
    }

    int warmupRoundTrips() {
        return Math.max(1, roundTrips / 5);
    }
}
