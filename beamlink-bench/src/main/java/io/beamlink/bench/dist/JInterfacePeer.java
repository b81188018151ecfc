package io.beamlink.bench.dist;

import com.ericsson.otp.erlang.OtpConnection;
import com.ericsson.otp.erlang.OtpEpmd;
import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangExit;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRangeException;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import com.ericsson.otp.erlang.OtpPeer;
import com.ericsson.otp.erlang.OtpSelf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The JInterface side of {@code beamlink bench dist}: a JVM of its own, with JInterface on its
 * class path (never in the harness's), that serves the jobs of {@link BenchProtocol} through an
 * {@link OtpNode}, using JInterface as its documentation shows: {@link OtpMbox#send} and
 * {@link OtpMbox#receive}. It exits when its standard input closes (the harness is gone), on
 * SIGTERM, or after {@link #IDLE} without a job.
 *
 * <p>Arguments: node name, cookie, epmd port.
 */
public final class JInterfacePeer {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final long WAIT_MILLIS = BenchProtocol.WAIT.toMillis();

    private final OtpNode node;
    private final String cookie;

    private JInterfacePeer(OtpNode node, String cookie) {
        this.node = node;
        this.cookie = cookie;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JInterfacePeer NODE COOKIE EPMD_PORT");
            System.exit(2);
        }
        OtpEpmd.useEpmdPort(Integer.parseInt(args[2]));
        OtpNode node = new OtpNode(args[0], args[1], new LoopbackTransportFactory());
        Thread.ofPlatform().daemon().name("stdin-watch").start(JInterfacePeer::exitWhenStdinCloses);
        OtpMbox control = node.createMbox(BenchProtocol.CONTROL);
        System.out.println(BenchProtocol.READY);
        new JInterfacePeer(node, args[1]).serve(control);
        System.exit(0);
    }

    private static void exitWhenStdinCloses() {
        try {
            while (System.in.read() >= 0) {
                // Discard: only the end of input matters.
            }
        } catch (IOException e) {
            // Broken pipe: the harness is gone too.
        }
        System.exit(0);
    }

    private void serve(OtpMbox control) throws OtpErlangExit, OtpErlangDecodeException {
        while (true) {
            OtpErlangObject message = control.receive(IDLE.toMillis());
            if (message == null) {
                return;
            }
            OtpErlangTuple request = (OtpErlangTuple) message;
            OtpErlangPid from = (OtpErlangPid) request.elementAt(1);
            OtpErlangObject ref = request.elementAt(2);
            OtpErlangObject job = request.elementAt(3);
            // Each job gets a fresh mailbox, as each job on the OTP side gets a fresh process.
            Thread.ofPlatform().name("job").start(() -> {
                OtpMbox worker = node.createMbox();
                try {
                    worker.send(from, reply(ref, run(job, worker)));
                } finally {
                    worker.close();
                }
            });
        }
    }

    private OtpErlangObject run(OtpErlangObject job, OtpMbox self) {
        try {
            if (job instanceof OtpErlangAtom atom && atom.atomValue().equals("new_sink")) {
                return ok(newSink());
            }
            OtpErlangTuple t = (OtpErlangTuple) job;
            return switch (((OtpErlangAtom) t.elementAt(0)).atomValue()) {
                case "throughput" -> ok(new OtpErlangLong(throughput(self, (OtpErlangPid) t.elementAt(1), t.elementAt(2),
                        intAt(t, 3), intAt(t, 4))));
                case "latency" -> ok(packed(latency(self, (OtpErlangPid) t.elementAt(1), t.elementAt(2), intAt(t, 3))));
                case "setup" -> ok(packed(setup(((OtpErlangAtom) t.elementAt(1)).atomValue(), intAt(t, 2))));
                default -> error("the JInterface peer has no job " + t.elementAt(0));
            };
        } catch (Exception e) {
            return error(e.toString());
        }
    }

    private OtpErlangPid newSink() {
        OtpMbox sink = node.createMbox();
        Thread.ofPlatform().name("sink").start(() -> {
            try {
                OtpErlangTuple order = (OtpErlangTuple) receive(sink, "the order of a sink");
                OtpErlangPid from = (OtpErlangPid) order.elementAt(1);
                long count = intAt(order, 2);
                if (((OtpErlangAtom) order.elementAt(0)).atomValue().equals(BenchProtocol.COUNT.name())) {
                    long window = intAt(order, 3);
                    for (long received = 1; received <= count; received++) {
                        receive(sink, "payload " + received);
                        if (received % window == 0 || received == count) {
                            sink.send(from, new OtpErlangTuple(new OtpErlangObject[] {
                                new OtpErlangAtom(BenchProtocol.ACK.name()), new OtpErlangLong(received)}));
                        }
                    }
                } else {
                    for (long left = count; left > 0; left--) {
                        sink.send(from, receive(sink, "a payload to echo"));
                    }
                }
            } catch (Exception e) {
                // A stalled sender: the sender side reports the failure; the sink just ends.
            } finally {
                sink.close();
            }
        });
        return sink.self();
    }

    private static long throughput(OtpMbox self, OtpErlangPid sink, OtpErlangObject payload, int count, int window)
            throws Exception {
        self.send(sink, new OtpErlangTuple(new OtpErlangObject[] {
            new OtpErlangAtom(BenchProtocol.COUNT.name()), self.self(), new OtpErlangLong(count), new OtpErlangLong(window)}));
        long start = System.nanoTime();
        long acked = 0;
        for (int sent = 0; sent < count; sent++) {
            if (sent - acked >= 2L * window) {
                acked = ackOf(receive(self, "an ack"));
            }
            self.send(sink, payload);
        }
        while (acked < count) {
            acked = ackOf(receive(self, "an ack"));
        }
        return System.nanoTime() - start;
    }

    private static long ackOf(OtpErlangObject ack) throws OtpErlangRangeException {
        return ((OtpErlangLong) ((OtpErlangTuple) ack).elementAt(1)).longValue();
    }

    private static long[] latency(OtpMbox self, OtpErlangPid echo, OtpErlangObject payload, int count) throws Exception {
        self.send(echo, new OtpErlangTuple(new OtpErlangObject[] {
            new OtpErlangAtom(BenchProtocol.ECHO.name()), self.self(), new OtpErlangLong(count)}));
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            self.send(echo, payload);
            receive(self, "echo " + (i + 1));
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /** Lookup and handshake through {@link OtpSelf#connect}, the one JInterface call that does just that. */
    private long[] setup(String target, int count) throws Exception {
        OtpSelf self = new OtpSelf("jinterface_setup@127.0.0.1", cookie, 0, new LoopbackTransportFactory());
        OtpPeer peer = new OtpPeer(target);
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            OtpConnection connection = self.connect(peer);
            nanos[i] = System.nanoTime() - start;
            Thread.sleep(BenchProtocol.SETTLE);
            connection.close();
            // The OTP peer cannot reconnect (this identity is not in epmd); it only needs to notice.
            Thread.sleep(BenchProtocol.SETTLE);
        }
        return nanos;
    }

    private static OtpErlangObject receive(OtpMbox mbox, String what) throws Exception {
        OtpErlangObject message = mbox.receive(WAIT_MILLIS);
        if (message == null) {
            throw new IllegalStateException("waited " + BenchProtocol.WAIT.toSeconds() + " s for " + what);
        }
        return message;
    }

    private static int intAt(OtpErlangTuple tuple, int index) throws OtpErlangRangeException {
        return ((OtpErlangLong) tuple.elementAt(index)).intValue();
    }

    private static OtpErlangBinary packed(long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES);
        for (long v : values) {
            bytes.putLong(v);
        }
        return new OtpErlangBinary(bytes.array());
    }

    private static OtpErlangTuple reply(OtpErlangObject ref, OtpErlangObject outcome) {
        return new OtpErlangTuple(new OtpErlangObject[] {ref, outcome});
    }

    private static OtpErlangTuple ok(OtpErlangObject value) {
        return new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangAtom("ok"), value});
    }

    private static OtpErlangTuple error(String why) {
        return new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangAtom("error"), new OtpErlangBinary(why.getBytes(StandardCharsets.UTF_8))});
    }
}
