package io.beamlink.bench.dist;

import io.beamlink.term.Atom;
import java.time.Duration;

/**
 * The names of the benchmark protocol that every side (beamlink_bench.erl, {@link BeamlinkPeer},
 * {@link JInterfacePeer}) speaks, so every pairing measures the same exchange.
 *
 * <ul>
 *   <li>Throughput: the sender sends {@code {bench_count, Sender, Count, Window}} to a sink, then
 *       {@code Count} payloads; the sink answers {@code {bench_ack, N}} after every {@code Window}
 *       payloads and after the last. The sender never runs more than two windows ahead of the
 *       acks, and its time runs from the first payload to the last ack.</li>
 *   <li>Latency: {@code {bench_echo, Sender, Count}}, then {@code Count} round trips, one at a
 *       time: the sink sends each payload back.</li>
 *   <li>Control: the harness sends {@code {job, From, Ref, Job}} to {@code bench_ctl} on an OTP or
 *       JInterface node and gets {@code {Ref, {ok, Result}}} or {@code {Ref, {error, Why}}}.</li>
 * </ul>
 */
final class BenchProtocol {
    static final Atom COUNT = Atom.of("bench_count");
    static final Atom ECHO = Atom.of("bench_echo");
    static final Atom ACK = Atom.of("bench_ack");
    static final Atom JOB = Atom.of("job");
    static final Atom OK = Atom.of("ok");
    static final Atom ERROR = Atom.of("error");
    static final String CONTROL = "bench_ctl";
    /** What every side prints once its control process runs. */
    static final String READY = "beamlink_bench ready";
    /** The longest wait for any single message during a measurement; a stalled run fails. */
    static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * Around each connect and disconnect of a setup measurement, time for the traffic that follows
     * to pass (not measured): OTP sends right after a nodeup, and a peer cut off before that
     * reconnects by itself, which would make the next connect free.
     */
    static final Duration SETTLE = Duration.ofMillis(50);
    /** How often a setup measurement disconnects a peer that keeps reconnecting before giving up. */
    static final int DISCONNECT_TRIES = 20;

    private BenchProtocol() {
    }
}
