package io.beamlink.bench.process;

/**
 * What one runtime measured in one round.
 *
 * @param spawnsPerSecond spawn calls per second (the processes exit at once)
 * @param bytesPerIdleProcess memory an idle process (blocked in receive) holds
 * @param messagesPerSecond messages sent by one process and received by another, per second
 * @param selectiveReceiveNanos one selective receive that scans past the backlog to match the last message
 * @param localCallNanos one GenServer call round trip on the same node
 * @param remoteCallNanos one GenServer call round trip to another node of the same runtime
 */
public record RoundFigures(double spawnsPerSecond, double bytesPerIdleProcess, double messagesPerSecond,
        double selectiveReceiveNanos, double localCallNanos, double remoteCallNanos) {
}
