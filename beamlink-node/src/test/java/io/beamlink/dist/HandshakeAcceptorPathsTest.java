package io.beamlink.dist;

import static io.beamlink.dist.HandshakeFrames.read;
import static io.beamlink.dist.HandshakeFrames.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptor paths that erl peers rarely take. The old name message {@code 'n'} (what a node
 * sends when it does not know the acceptor speaks version 6): it answers with the new challenge
 * {@code 'N'}, then takes the complement {@code 'c'} with the high 32 flag bits and the creation,
 * as dist_util does. And the {@code alive} status. The initiator here is written out by hand,
 * byte by byte.
 */
class HandshakeAcceptorPathsTest {
    private static final String COOKIE = "cookie";
    private static final long INITIATOR_FLAGS = DistFlags.REQUIRED | DistFlags.MANDATORY_25_DIGEST | DistFlags.PUBLISHED
            | DistFlags.SPAWN;
    private static final int INITIATOR_CREATION = 0x5eed;

    @Test
    void anOldNameMessageIsCompletedByTheComplementAndTheHandshakeSucceeds() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            Handshake acceptor = new Handshake("b@127.0.0.1", INITIATOR_FLAGS, 7, n -> COOKIE, Duration.ofSeconds(5));
            CompletableFuture<HandshakeResult> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.accept(pair.local(), (name, flags) -> HandshakeStatus.OK);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            OutputStream out = pair.remote().getOutputStream();
            DataInputStream in = new DataInputStream(pair.remote().getInputStream());

            byte[] name = "a@127.0.0.1".getBytes(StandardCharsets.UTF_8);
            write(out, ByteBuffer.allocate(1 + 2 + 4 + name.length).put((byte) 'n').putShort((short) 5)
                    .putInt((int) INITIATOR_FLAGS).put(name).array());
            assertThat(new String(read(in), StandardCharsets.US_ASCII)).isEqualTo("sok");
            ByteBuffer challenge = ByteBuffer.wrap(read(in));
            assertThat(challenge.get()).isEqualTo((byte) 'N');
            challenge.getLong(); // the acceptor's flags
            int acceptorChallenge = challenge.getInt();

            write(out, ByteBuffer.allocate(1 + 4 + 4).put((byte) 'c').putInt((int) (INITIATOR_FLAGS >>> 32))
                    .putInt(INITIATOR_CREATION).array());
            int ourChallenge = 0x12345678;
            write(out, ByteBuffer.allocate(1 + 4 + 16).put((byte) 'r').putInt(ourChallenge)
                    .put(Handshake.digest(COOKIE, acceptorChallenge)).array());
            byte[] ack = read(in);
            assertThat(ack[0]).isEqualTo((byte) 'a');
            assertThat(Arrays.copyOfRange(ack, 1, 17)).isEqualTo(Handshake.digest(COOKIE, ourChallenge));

            HandshakeResult result = accepted.get(10, TimeUnit.SECONDS);
            assertThat(result.peerName()).isEqualTo("a@127.0.0.1");
            assertThat(result.peerCreation()).isEqualTo(INITIATOR_CREATION);
            // The high half came with the complement.
            assertThat(result.peerFlags() & INITIATOR_FLAGS).isEqualTo(INITIATOR_FLAGS);
        }
    }

    /**
     * Status {@code alive} (the acceptor has a connection to a node of that name): the initiator
     * says whether it is a new incarnation; {@code true} goes on with the challenge, {@code false}
     * ends the handshake.
     */
    @Test
    void anAliveStatusGoesOnWhenTheInitiatorAnswersTrueAndEndsWhenItAnswersFalse() throws Exception {
        for (String answer : new String[] {"true", "false"}) {
            try (SocketPair pair = SocketPair.open()) {
                Handshake acceptor = new Handshake("b@127.0.0.1", INITIATOR_FLAGS, 7, n -> COOKIE,
                        Duration.ofSeconds(5));
                CompletableFuture<Object> accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return acceptor.accept(pair.local(), (name, flags) -> HandshakeStatus.ALIVE);
                    } catch (IOException e) {
                        return e;
                    }
                });
                OutputStream out = pair.remote().getOutputStream();
                DataInputStream in = new DataInputStream(pair.remote().getInputStream());
                byte[] name = "a@127.0.0.1".getBytes(StandardCharsets.UTF_8);
                write(out, ByteBuffer.allocate(1 + 8 + 4 + 2 + name.length).put((byte) 'N').putLong(INITIATOR_FLAGS)
                        .putInt(INITIATOR_CREATION).putShort((short) name.length).put(name).array());
                assertThat(new String(read(in), StandardCharsets.US_ASCII)).isEqualTo("salive");
                write(out, ("s" + answer).getBytes(StandardCharsets.US_ASCII));
                if (answer.equals("true")) {
                    ByteBuffer challenge = ByteBuffer.wrap(read(in));
                    assertThat(challenge.get()).isEqualTo((byte) 'N');
                    challenge.getLong();
                    int acceptorChallenge = challenge.getInt();
                    write(out, ByteBuffer.allocate(1 + 4 + 16).put((byte) 'r').putInt(1)
                            .put(Handshake.digest(COOKIE, acceptorChallenge)).array());
                    assertThat(read(in)[0]).isEqualTo((byte) 'a');
                    assertThat(accepted.get(10, TimeUnit.SECONDS)).isInstanceOf(HandshakeResult.class);
                } else {
                    assertThat(accepted.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(HandshakeException.class,
                            e -> assertThat(e.status()).isEqualTo("alive"));
                }
            }
        }
    }
}
