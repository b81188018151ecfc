package io.beamlink.bench.process;

import io.beamlink.Node;
import io.beamlink.bench.dist.BenchmarkException;
import io.beamlink.bench.dist.HeapMeter;
import io.beamlink.bench.dist.InProcess;
import io.beamlink.otp.CallException;
import io.beamlink.otp.GenServer;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Beamlink side of one round, in this JVM: the same measurements as beamlink_process_bench.erl,
 * on a node whose peer {@code remote} serves {@link EchoServer#NAME} for the remote calls.
 */
final class BeamlinkProcesses {
    /** Every wait of a round is bounded by this, so a stuck process fails the run instead of hanging it. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Lets the idle processes park (and their stacks leave the carriers) before the heap is weighed. */
    private static final long SETTLE_MILLIS = 200;
    private static final Atom DONE = Atom.of("done");
    private static final Atom BACKLOG = Atom.of("backlog");
    private static final Atom MATCH = Atom.of("match");
    private static final Term PING = Atom.of("ping");

    private final Node node;
    private final Atom remote;

    BeamlinkProcesses(Node node, Atom remote) {
        this.node = node;
        this.remote = remote;
    }

    /** Runs in a Beamlink process, as the Erlang side runs in a process. */
    RoundFigures round(ProcessOptions options) throws InterruptedException {
        return InProcess.run(node, self -> measure(options));
    }

    /** One call round trip to {@link EchoServer#NAME} on {@code target}, from a process. */
    double remoteCallNanos(Atom target, int calls) throws InterruptedException {
        return InProcess.run(node, self -> callNanos(target, calls));
    }

    private RoundFigures measure(ProcessOptions options) throws InterruptedException {
        return new RoundFigures(spawnsPerSecond(options.spawns()), bytesPerIdleProcess(options.idleProcesses()),
                messagesPerSecond(options.messages()),
                selectiveReceiveNanos(options.backlog(), options.selectiveReceives()),
                localCallNanos(options.calls()), callNanos(remote, options.calls()));
    }

    private double spawnsPerSecond(int count) throws InterruptedException {
        CountDownLatch exited = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            node.spawn(self -> exited.countDown());
        }
        long elapsed = System.nanoTime() - start;
        await(exited, "spawned processes to run");
        return count * 1e9 / elapsed;
    }

    /** Heap after GC with {@code count} processes blocked in receive, less the heap without them; their stacks are in the heap. */
    private double bytesPerIdleProcess(int count) throws InterruptedException {
        long before = HeapMeter.usedAfterGc();
        CountDownLatch waiting = new CountDownLatch(count);
        CountDownLatch stopped = new CountDownLatch(count);
        List<Pid> idle = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            idle.add(node.spawn(self -> {
                waiting.countDown();
                self.receive();
                stopped.countDown();
            }));
        }
        await(waiting, "idle processes to reach receive");
        Thread.sleep(SETTLE_MILLIS);
        long after = HeapMeter.usedAfterGc();
        try (Mailbox stopper = node.mailbox()) {
            idle.forEach(pid -> stopper.send(pid, Atom.of("stop")));
        }
        // The list of pids is the harness's, not the processes': it is counted in, as OTP's Pids list is.
        await(stopped, "idle processes to stop");
        return (double) (after - before) / count;
    }

    private double messagesPerSecond(int count) throws InterruptedException {
        try (Mailbox parent = node.mailbox()) {
            Pid receiver = node.spawn(self -> {
                for (int i = 0; i < count; i++) {
                    self.receive();
                }
                self.send(parent.self(), DONE);
            });
            long start = System.nanoTime();
            node.spawn(self -> {
                for (int i = count; i > 0; i--) {
                    self.send(receiver, Tuple.of(Atom.of("n"), Int.of(i)));
                }
            });
            if (parent.receive(LIMIT) == null) {
                throw new BenchmarkException("the receiver did not get " + count + " messages within " + LIMIT);
            }
            return count * 1e9 / (System.nanoTime() - start);
        }
    }

    /** Each receive scans past {@code backlog} messages that never match to find the one just sent. */
    private double selectiveReceiveNanos(int backlog, int receives) throws InterruptedException {
        try (Mailbox self = node.mailbox()) {
            for (int i = 1; i <= backlog; i++) {
                self.send(self.self(), Tuple.of(BACKLOG, Int.of(i)));
            }
            long start = System.nanoTime();
            for (int i = receives; i > 0; i--) {
                Term wanted = Tuple.of(MATCH, Int.of(i));
                self.send(self.self(), wanted);
                if (self.receive(m -> m.equals(wanted) ? m : null, LIMIT) == null) {
                    throw new BenchmarkException("selective receive did not find " + wanted);
                }
            }
            return (double) (System.nanoTime() - start) / receives;
        }
    }

    private double localCallNanos(int calls) throws InterruptedException {
        try (Mailbox self = node.mailbox()) {
            Pid server = GenServer.start(node, new EchoServer(), Atom.NIL, null);
            try {
                timedCalls(calls / 10 + 1, () -> GenServer.call(self, server, PING, LIMIT));
                return timedCalls(calls, () -> GenServer.call(self, server, PING, LIMIT));
            } finally {
                GenServer.cast(self, server, EchoServer.STOP);
            }
        } catch (CallException e) {
            throw new BenchmarkException("a local GenServer call failed: " + e.getMessage(), e);
        }
    }

    /** After a warm-up that also connects. */
    private double callNanos(Atom target, int calls) throws InterruptedException {
        try (Mailbox self = node.mailbox()) {
            timedCalls(calls / 10 + 1, () -> GenServer.call(self, EchoServer.NAME, target, PING, LIMIT));
            return timedCalls(calls, () -> GenServer.call(self, EchoServer.NAME, target, PING, LIMIT));
        } catch (CallException e) {
            throw new BenchmarkException("a GenServer call to " + target + " failed: " + e.getMessage(), e);
        }
    }

    private interface Call {
        Term call() throws CallException, InterruptedException;
    }

    private static double timedCalls(int calls, Call call) throws CallException, InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Term reply = call.call();
            if (!PING.equals(reply)) {
                throw new BenchmarkException("the echo server replied " + reply + " to " + PING);
            }
        }
        return (double) (System.nanoTime() - start) / calls;
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BenchmarkException("timed out after " + LIMIT.toSeconds() + " s waiting for " + what + " ("
                    + latch.getCount() + " left)");
        }
    }
}
