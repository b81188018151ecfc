package io.beamlink.bench.dist;

import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * An OTP or JInterface node in another OS process, driven over distribution from the harness's
 * control node: each call sends a job to its {@code bench_ctl} process and waits for the result.
 */
final class RemotePeer implements BenchPeer {
    /** The longest a job may take; the peer itself gives up on a stalled exchange much sooner. */
    private static final Duration JOB_LIMIT = Duration.ofMinutes(10);

    private final String runtime;
    private final Atom node;
    private final Mailbox control;
    private long nextRef;

    /** {@code control} is a mailbox on the harness's control node, used by this peer only. */
    RemotePeer(String runtime, Atom node, Mailbox control) {
        this.runtime = runtime;
        this.node = node;
        this.control = control;
    }

    @Override
    public String runtime() {
        return runtime;
    }

    @Override
    public Atom node() {
        return node;
    }

    @Override
    public Pid newSink() {
        return (Pid) call(Atom.of("new_sink"), JOB_LIMIT);
    }

    @Override
    public long throughput(Pid sink, Term payload, int count, int window) {
        Term job = Tuple.of(Atom.of("throughput"), sink, payload, Int.of(count), Int.of(window));
        return ((Int) call(job, JOB_LIMIT)).value();
    }

    @Override
    public long[] latency(Pid echo, Term payload, int count) {
        return longs(call(Tuple.of(Atom.of("latency"), echo, payload, Int.of(count)), JOB_LIMIT));
    }

    @Override
    public long[] setup(Atom target, int count) {
        return longs(call(Tuple.of(Atom.of("setup"), target, Int.of(count)), JOB_LIMIT));
    }

    /** {@code erlang:memory(total)} after a garbage collection of every process (OTP peers only). */
    long memory() {
        return ((Int) call(Atom.of("memory"), JOB_LIMIT)).value();
    }

    /** How many nodes this peer is connected to, hidden ones included. */
    int connectedNodes() {
        return (int) ((Int) call(Atom.of("connected"), JOB_LIMIT)).value();
    }

    /** The OTP release and ERTS version (OTP peers only). */
    String versions() {
        Tuple versions = (Tuple) call(Atom.of("versions"), JOB_LIMIT);
        return "OTP " + ((Binary) versions.get(0)).utf8String() + ", ERTS " + ((Binary) versions.get(1)).utf8String();
    }

    private Term call(Term job, Duration timeout) {
        Int ref = Int.of(nextRef++);
        control.send(Atom.of(BenchProtocol.CONTROL), node, Tuple.of(BenchProtocol.JOB, control.self(), ref, job));
        Term outcome;
        try {
            outcome = control.receive(m -> m instanceof Tuple t && t.arity() == 2 && t.get(0).equals(ref) ? t.get(1) : null,
                    timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while " + runtime + " node " + node.name() + " ran " + job, e);
        }
        if (outcome == null) {
            throw new BenchmarkException(runtime + " node " + node.name() + " did not answer job " + describe(job)
                    + " within " + timeout.toSeconds() + " s");
        }
        Tuple result = (Tuple) outcome;
        if (!result.get(0).equals(BenchProtocol.OK)) {
            throw new BenchmarkException(runtime + " node " + node.name() + " failed job " + describe(job) + ": "
                    + (result.get(1) instanceof Binary why ? why.utf8String() : result.get(1)));
        }
        return result.get(1);
    }

    /** The job's name: payloads are too long for a message. */
    private static String describe(Term job) {
        return job instanceof Tuple t ? t.get(0).toString() : job.toString();
    }

    /** Big-endian 64-bit integers packed in a binary, as the peers return series. */
    private static long[] longs(Term packed) {
        ByteBuffer bytes = ((Binary) packed).asByteBuffer();
        long[] values = new long[bytes.remaining() / Long.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getLong();
        }
        return values;
    }
}
