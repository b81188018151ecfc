package io.beamlink.bench.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;

/** One side of a pairing: a node that can host sinks and run the measurements as the sender. */
interface BenchPeer {
    /** The runtime, for tables: Beamlink, OTP or JInterface. */
    String runtime();

    Atom node();

    /** A new one-shot process that counts or echoes, per {@link BenchProtocol}. */
    Pid newSink();

    /** Sends {@code count} payloads to {@code sink} with windowed acks; the nanoseconds it took. */
    long throughput(Pid sink, Term payload, int count, int window);

    /** {@code count} round trips to {@code echo}, one at a time; each in nanoseconds. */
    long[] latency(Pid echo, Term payload, int count);

    /** Connects to {@code target} (epmd lookup and handshake) and disconnects, {@code count} times; each connect in nanoseconds. */
    long[] setup(Atom target, int count);
}
