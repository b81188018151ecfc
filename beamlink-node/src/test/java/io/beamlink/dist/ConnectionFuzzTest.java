package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.Tuple;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames after the handshake: the connection either takes the frame or
 * closes with a protocol error; it never fails inside Beamlink (bounded: a fixed seed and
 * count; -Dbeamlink.fuzz.frames=N runs longer by hand).
 */
class ConnectionFuzzTest {
    private static final int CASES = Integer.getInteger("beamlink.fuzz.frames", 1500);
    private static final Atom PROBE = Atom.of("probe");
    private static final Pid FROM = new Pid(Atom.of("evil@127.0.0.1"), 1, 0, 5);

    private record Event(ControlMessage message, Term closedReason) {
    }

    @Test
    void randomAndMutatedFramesNeverBreakTheReader() throws Exception {
        Random random = new Random(0xBEAD);
        int closedByProtocolError = 0;
        int survived = 0;
        int i = 0;
        while (i < CASES) {
            boolean headerFormat = random.nextBoolean();
            long flags = DistFlags.REQUIRED | (headerFormat ? DistFlags.FRAGMENTS : 0);
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            try (SocketPair pair = SocketPair.open()) {
                Connection connection = new Connection(pair.local(),
                        new HandshakeResult("evil@127.0.0.1", flags, 5, flags, false, Duration.ZERO),
                        ConnectionSettings.DEFAULTS, new Connection.Listener() {
                            @Override
                            public void onMessage(Connection c, ControlMessage m) {
                                events.add(new Event(m, null));
                            }

                            @Override
                            public void onClosed(Connection c, Term reason) {
                                events.add(new Event(null, reason));
                            }
                        });
                connection.start();
                OutputStream out = pair.remote().getOutputStream();
                // Keep feeding cases on this connection until one closes it.
                while (i < CASES) {
                    i++;
                    byte[] frame = mutate(validFrame(random, headerFormat), random);
                    byte[] probe = validFrame(headerFormat, Tuple.of(Int.of(6), FROM, Atom.EMPTY, PROBE), Atom.of("ok"));
                    try {
                        out.write(frame);
                        out.write(probe);
                        out.flush();
                    } catch (IOException closedAlready) {
                        // The reader closed the socket while we wrote: wait for its verdict below.
                    }
                    Event verdict = awaitProbeOrClose(events);
                    assertThat(verdict).as("case %d got neither the probe nor a close", i).isNotNull();
                    if (verdict.closedReason() != null) {
                        assertThat(verdict.closedReason()).isNotEqualTo(Connection.INTERNAL_ERROR);
                        closedByProtocolError++;
                        break;
                    }
                    survived++;
                }
                connection.close(Atom.of("test_over"), "test over");
            }
        }
        assertThat(closedByProtocolError).isPositive();
        assertThat(survived).isPositive();
    }

    @Test
    void aBadFrameAfterAMessageEndsTheRunBeforeTheConnectionIsReportedClosed() throws Exception {
        // What a listener held back for the run (receivers' wake-ups) must go out before the
        // close is handled, or those receivers would sleep through the node going down.
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (SocketPair pair = SocketPair.open()) {
            Connection connection = new Connection(pair.local(),
                    new HandshakeResult("evil@127.0.0.1", DistFlags.REQUIRED, 5, DistFlags.REQUIRED, false, Duration.ZERO),
                    ConnectionSettings.DEFAULTS, new Connection.Listener() {
                        @Override
                        public void onMessage(Connection c, ControlMessage m) {
                            events.add("message");
                        }

                        @Override
                        public void onRunDispatched(Connection c) {
                            events.add("run ended");
                        }

                        @Override
                        public void onClosed(Connection c, Term reason) {
                            events.add("closed");
                        }
                    });
            connection.start();
            byte[] message = validFrame(false, Tuple.of(Int.of(6), FROM, Atom.EMPTY, PROBE), Atom.of("ok"));
            byte[] garbage = {0, 0, 0, 3, 1, 2, 3};
            OutputStream out = pair.remote().getOutputStream();
            out.write(ByteBuffer.allocate(message.length + garbage.length).put(message).put(garbage).array());
            out.flush();
            List<String> seen = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                String event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event %d of 3, after %s", k + 1, seen).isNotNull();
                seen.add(event);
            }
            assertThat(seen).containsExactly("message", "run ended", "closed");
        }
    }

    private static Event awaitProbeOrClose(BlockingQueue<Event> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                return null;
            }
            if (e.closedReason() != null
                    || e.message() instanceof ControlMessage.RegSend r && r.toName().equals(PROBE)) {
                return e;
            }
        }
        return null;
    }

    private static byte[] validFrame(Random random, boolean headerFormat) {
        Term payload = switch (random.nextInt(4)) {
            case 0 -> Tuple.of(Atom.of("hello"), Int.of(random.nextInt()));
            case 1 -> Binary.of(new byte[random.nextInt(100)]);
            case 2 -> Term.list(Int.of(1), Atom.of("x"), Term.floating(random.nextDouble()));
            default -> Atom.of("a" + random.nextInt(10));
        };
        Term control = random.nextBoolean()
                ? Tuple.of(Int.of(6), FROM, Atom.EMPTY, Atom.of("somewhere"))
                : Tuple.of(Int.of(random.nextInt(40)), FROM, FROM);
        return validFrame(headerFormat, control, payload);
    }

    private static byte[] validFrame(boolean headerFormat, Term control, Term payload) {
        OutputBuffer body = new OutputBuffer(64);
        if (headerFormat) {
            body.writeByte(131);
            body.writeByte(68);
            body.writeByte(0);
            TermEncoder.encodeBody(control, body);
            TermEncoder.encodeBody(payload, body);
        } else {
            body.writeByte(112);
            TermEncoder.encode(control, body);
            TermEncoder.encode(payload, body);
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + body.size());
        frame.putInt(body.size()).put(body.array(), 0, body.size());
        return frame.array();
    }

    private static byte[] mutate(byte[] frame, Random random) {
        byte[] copy = frame.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    copy[4 + random.nextInt(copy.length - 4)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                int length = 4 + random.nextInt(copy.length - 4);
                copy = java.util.Arrays.copyOf(copy, length);
                ByteBuffer.wrap(copy).putInt(length - 4);
            }
            case 2 -> {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                copy = ByteBuffer.allocate(4 + garbage.length).putInt(garbage.length).put(garbage).array();
            }
            case 3 -> ByteBuffer.wrap(copy).putInt(0x7FFF_FFF0);
            default -> { }
        }
        return copy;
    }
}
