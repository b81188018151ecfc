package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Garbage and mutated messages at each handshake step, in both roles: the handshake fails with
 * an IOException (a HandshakeException for everything it can name), never anything else.
 * Bounded: fixed seed and count; -Dbeamlink.fuzz.handshakes=N runs longer by hand.
 */
class HandshakeFuzzTest {
    private static final int CASES = Integer.getInteger("beamlink.fuzz.handshakes", 400);
    private static final long FLAGS = DistFlags.REQUIRED | DistFlags.MANDATORY_25_DIGEST | DistFlags.PUBLISHED;

    @Test
    void acceptorSurvivesGarbage() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < CASES; i++) {
            try (SocketPair pair = SocketPair.open()) {
                Handshake acceptor = new Handshake("b@127.0.0.1", FLAGS, 7, n -> "cookie", Duration.ofSeconds(2));
                CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        acceptor.accept(pair.local(), (name, flags) -> HandshakeStatus.OK);
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                OutputStream out = pair.remote().getOutputStream();
                writeQuietly(out, mutate(nameMessage(), random));
                if (random.nextBoolean()) {
                    writeQuietly(out, mutate(framed(randomBytes(random, 21)), random));
                }
                pair.remote().shutdownOutput();
                Throwable t = outcome.get(10, TimeUnit.SECONDS);
                assertThat(t).as("case %d", i).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void initiatorSurvivesGarbage() throws Exception {
        Random random = new Random(43);
        for (int i = 0; i < CASES; i++) {
            try (SocketPair pair = SocketPair.open()) {
                Handshake initiator = new Handshake("a@127.0.0.1", FLAGS, 7, n -> "cookie", Duration.ofSeconds(2));
                CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        initiator.initiate(pair.local(), "b@127.0.0.1");
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                OutputStream out = pair.remote().getOutputStream();
                writeQuietly(out, random.nextInt(4) == 0 ? mutate(status("ok"), random) : status("ok"));
                writeQuietly(out, mutate(challengeMessage(), random));
                if (random.nextBoolean()) {
                    writeQuietly(out, mutate(framed(randomBytes(random, 17)), random));
                }
                pair.remote().shutdownOutput();
                Throwable t = outcome.get(10, TimeUnit.SECONDS);
                assertThat(t).as("case %d", i).isInstanceOf(IOException.class);
            }
        }
    }

    private static void writeQuietly(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException closed) {
            // The other side gave up already; that is one of the outcomes under test.
        }
    }

    private static byte[] nameMessage() {
        byte[] name = "a@127.0.0.1".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 2 + name.length);
        b.put((byte) 'N').putLong(FLAGS).putInt(9).putShort((short) name.length).put(name);
        return framed(b.array());
    }

    private static byte[] challengeMessage() {
        byte[] name = "b@127.0.0.1".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 4 + 2 + name.length);
        b.put((byte) 'N').putLong(FLAGS).putInt(12345).putInt(9).putShort((short) name.length).put(name);
        return framed(b.array());
    }

    private static byte[] status(String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + t.length);
        b.put((byte) 's').put(t);
        return framed(b.array());
    }

    private static byte[] framed(byte[] body) {
        return ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] message, Random random) {
        byte[] copy = message.clone();
        switch (random.nextInt(4)) {
            case 0 -> copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
            case 2 -> random.nextBytes(copy);
            default -> copy[2 + random.nextInt(copy.length - 2)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
