package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated request bytes, with fixed seeds and bounded counts so CI runs are
 * repeatable: framing and request handling either answer or refuse with the documented
 * {@link MalformedRequestException}, never anything else, and a live daemon keeps serving.
 */
class RequestFuzzTest {

    /** Valid requests of every kind, the starting points for mutation. */
    private static List<byte[]> validBodies() {
        return List.of(
                RequestBytes.alive2("app", 50785, 6, 6),
                RequestBytes.alive2("old".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5000, 5, 5, new byte[] {1, 2, 3}),
                RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "app"),
                new byte[] {EpmdWire.NAMES_REQ},
                new byte[] {EpmdWire.DUMP_REQ},
                new byte[] {EpmdWire.KILL_REQ},
                RequestBytes.withCode(EpmdWire.STOP_REQ, "app"));
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<byte[]> valid = Arbitraries.of(validBodies()).map(RequestBytes::frame);
        Arbitrary<int[]> flips = Arbitraries.integers().between(0, 4000).array(int[].class).ofMaxSize(6);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 64);
        return Combinators.combine(valid, flips, cut).as((frame, positions, truncate) -> {
            byte[] mutated = frame.clone();
            for (int position : positions) {
                mutated[position % mutated.length] = (byte) (position * 31 + 7);
            }
            return truncate < mutated.length && truncate % 3 == 0 ? Arrays.copyOf(mutated, truncate) : mutated;
        });
    }

    @Property(tries = 3000, seed = "4369")
    void mutatedFramesAreAnsweredOrRefused(@ForAll("mutatedFrames") byte[] stream, @ForAll @IntRange(min = 1, max = 7) int chunk,
            @ForAll boolean local, @ForAll boolean relaxed) {
        feed(stream, chunk, local, relaxed);
    }

    @Property(tries = 3000, seed = "4370")
    void randomBytesAreAnsweredOrRefused(@ForAll @Size(max = 300) byte[] stream, @ForAll @IntRange(min = 1, max = 64) int chunk,
            @ForAll boolean local, @ForAll boolean relaxed) {
        feed(stream, chunk, local, relaxed);
    }

    /** Feeds the bytes as a connection would read them; only the documented refusal may escape. */
    private static void feed(byte[] stream, int chunk, boolean local, boolean relaxed) {
        DebugCapture debug = new DebugCapture();
        EpmdDebugLog log = debug.log(3);
        NodeRegistry registry = new NodeRegistry(5, log);
        RequestHandler handler = new RequestHandler(registry, log, relaxed, 4369, () -> { });
        handler.handle(RequestBytes.alive2("app", 1, 6, 6), new FakePeer(4, true));
        FrameAssembler frame = new FrameAssembler();
        int offset = 0;
        try {
            while (offset < stream.length) {
                int count = Math.min(Math.min(chunk, stream.length - offset), frame.readLimit());
                System.arraycopy(stream, offset, frame.buffer(), frame.offset(), count);
                offset += count;
                if (frame.append(count)) {
                    FakePeer peer = new FakePeer(5, local);
                    handler.handle(frame.body(), peer);
                    assertThat(peer.replies().length).isLessThanOrEqualTo(4 + 2 * 60 * 1024);
                    return;
                }
            }
        } catch (MalformedRequestException e) {
            assertThat(e.otpLogLine()).isNotBlank();
            assertThat(e.getMessage()).contains("offset");
        }
    }

    @Test
    void aLiveDaemonKeepsServingThroughRandomAndMutatedFrames() throws Exception {
        Random random = new Random(4369);
        List<byte[]> valid = validBodies();
        try (EpmdDaemon daemon = EpmdDaemon.start(EpmdConfig.builder().port(0)
                .addresses(List.of(InetAddress.getByName("127.0.0.1"))).relaxedCommandCheck(false)
                .packetTimeout(java.time.Duration.ofSeconds(2)).debugOutput(new DebugCapture().stream()).build())) {
            EpmdClient client = EpmdClient.of("127.0.0.1", daemon.port());
            try (EpmdRegistration witness = client.register("witness", 5000)) {
                for (int i = 0; i < 300; i++) {
                    byte[] bytes = i % 2 == 0 ? randomBytes(random) : mutate(RequestBytes.frame(valid.get(random.nextInt(valid.size()))), random);
                    sendAndDrain(daemon.port(), bytes);
                }
                assertThat(daemon.isRunning()).isTrue();
                assertThat(client.lookup("witness")).isPresent();
                assertThat(witness.isOpen()).isTrue();
                try (EpmdRegistration late = client.register("late", 5001)) {
                    assertThat(client.names()).extracting(NameEntry::name).contains("witness", "late");
                }
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(byte[] frame, Random random) {
        byte[] mutated = frame.clone();
        for (int i = random.nextInt(4); i >= 0; i--) {
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        return random.nextInt(4) == 0 ? Arrays.copyOf(mutated, random.nextInt(mutated.length + 1)) : mutated;
    }

    /** Sends the bytes, then half-closes so incomplete frames end at once instead of timing out. */
    private static void sendAndDrain(int port, byte[] bytes) throws IOException {
        try (RawClient raw = RawClient.local(port)) {
            raw.send(bytes);
            raw.shutdownOutput();
            raw.readToEnd();
        }
    }
}
