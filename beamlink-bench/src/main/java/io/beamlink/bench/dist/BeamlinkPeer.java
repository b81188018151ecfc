package io.beamlink.bench.dist;

import io.beamlink.Node;
import io.beamlink.node.NodeVisibility;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;

/**
 * The Beamlink side of a pairing, in this JVM: sinks are Beamlink processes, and the
 * measurements run in a Beamlink process, as the Erlang side's run in processes.
 */
final class BeamlinkPeer implements BenchPeer {
    private final Node node;

    BeamlinkPeer(Node node) {
        this.node = node;
    }

    @Override
    public String runtime() {
        return "Beamlink";
    }

    @Override
    public Atom node() {
        return node.name();
    }

    @Override
    public Pid newSink() {
        return node.spawn(BeamlinkPeer::serve);
    }

    private static void serve(Mailbox sink) {
        try {
            Tuple order = (Tuple) receive(sink, "the order of a sink");
            Pid from = (Pid) order.get(1);
            long count = ((Int) order.get(2)).value();
            if (order.get(0).equals(BenchProtocol.COUNT)) {
                long window = ((Int) order.get(3)).value();
                for (long received = 1; received <= count; received++) {
                    receive(sink, "payload " + received + " of " + count);
                    if (received % window == 0 || received == count) {
                        sink.send(from, Tuple.of(BenchProtocol.ACK, Int.of(received)));
                    }
                }
            } else {
                for (long left = count; left > 0; left--) {
                    sink.send(from, receive(sink, "a payload to echo"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BenchmarkException e) {
            // A stalled sender: the sender side reports the failure; the sink just ends.
        }
    }

    @Override
    public long throughput(Pid sink, Term payload, int count, int window) {
        return inProcess(self -> {
            self.send(sink, Tuple.of(BenchProtocol.COUNT, self.self(), Int.of(count), Int.of(window)));
            long start = System.nanoTime();
            long acked = 0;
            for (int sent = 0; sent < count; sent++) {
                if (sent - acked >= 2L * window) {
                    acked = awaitAck(self);
                }
                self.send(sink, payload);
            }
            while (acked < count) {
                acked = awaitAck(self);
            }
            return System.nanoTime() - start;
        });
    }

    private static long awaitAck(Mailbox self) throws InterruptedException {
        Tuple ack = (Tuple) receive(self, "an ack");
        return ((Int) ack.get(1)).value();
    }

    @Override
    public long[] latency(Pid echo, Term payload, int count) {
        return inProcess(self -> {
            self.send(echo, Tuple.of(BenchProtocol.ECHO, self.self(), Int.of(count)));
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                self.send(echo, payload);
                receive(self, "echo " + (i + 1) + " of " + count);
                nanos[i] = System.nanoTime() - start;
            }
            return nanos;
        });
    }

    /** {@link InProcess#run}, for the {@link BenchPeer} methods, which declare no checked exception. */
    private <T> T inProcess(InProcess.Measurement<T> measurement) {
        try {
            return InProcess.run(node, measurement);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
    }

    @Override
    public long[] setup(Atom target, int count) {
        long[] nanos = new long[count];
        try {
            for (int i = 0; i < count; i++) {
                ensureDisconnected(target);
                long start = System.nanoTime();
                if (!node.connect(target)) {
                    throw new BenchmarkException(node.name() + " could not connect to " + target);
                }
                nanos[i] = System.nanoTime() - start;
                Thread.sleep(BenchProtocol.SETTLE);
            }
            ensureDisconnected(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
        return nanos;
    }

    /** Disconnects until {@code target} stays away for a settle period; it may reconnect by itself once. */
    private void ensureDisconnected(Atom target) throws InterruptedException {
        for (int tries = 0; tries < BenchProtocol.DISCONNECT_TRIES; tries++) {
            if (!isConnected(target)) {
                return;
            }
            node.disconnect(target);
            long deadline = System.nanoTime() + BenchProtocol.WAIT.toNanos();
            while (isConnected(target)) {
                if (System.nanoTime() > deadline) {
                    throw new BenchmarkException(node.name() + " is still connected to " + target + " after disconnecting");
                }
                Thread.sleep(1);
            }
            Thread.sleep(BenchProtocol.SETTLE);
        }
        throw new BenchmarkException(target + " keeps reconnecting to " + node.name());
    }

    private boolean isConnected(Atom target) {
        return node.nodes(NodeVisibility.CONNECTED).contains(target);
    }

    private static Term receive(Mailbox mailbox, String what) throws InterruptedException {
        Term message = mailbox.receive(BenchProtocol.WAIT);
        if (message == null) {
            throw new BenchmarkException(mailbox.self() + " waited " + BenchProtocol.WAIT.toSeconds() + " s for " + what);
        }
        return message;
    }
}
