package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Example;

/**
 * Random and mutated inputs: the decoder answers each with a term or a TermDecodeException,
 * never another exception, an OutOfMemoryError or a StackOverflowError. Every decoded term must
 * also re-encode and decode to itself. One {@link ReusableTermDecoder} decodes every input too,
 * after all the failures before it, and must answer exactly as the shared decoder does.
 *
 * <p>Bounded for CI by a fixed seed and count; run longer by hand with
 * {@code -Dbeamlink.fuzz.count=10000000 -Dbeamlink.fuzz.seed=...}.
 */
class TermDecoderFuzzTest {
    private static final long SEED = Long.getLong("beamlink.fuzz.seed", 20240611L);
    private static final int COUNT = Integer.getInteger("beamlink.fuzz.count", 200_000);
    private static final int CORPUS_SIZE = 300;
    private static final int MAX_CORPUS_ENCODING = 512;
    private static final int[] HOSTILE_LENGTHS = {0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, 0x0100_0000, 0xFFFF, 0x1_0000};
    private static final Atom[] ATOM_CACHE_REFS = {Atom.OK, Term.atom("n@h"), Term.atom("$gen_call")};

    private final TermDecoder decoder = TermDecoder.builder().maxDecompressedSize(1 << 20).build();
    private final ReusableTermDecoder reusable = decoder.reusable();
    private int decoded;
    private int rejected;

    /** A jqwik example rather than a JUnit test, because jqwik generators only run inside jqwik. */
    @Example
    void randomAndMutatedInputsGiveATermOrATermDecodeException() {
        Random random = new Random(SEED);
        List<byte[]> corpus = corpus(random);
        for (int i = 0; i < COUNT; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> flipBits(random, pick(random, corpus));
                case 2 -> truncateOrSplice(random, pick(random, corpus));
                default -> withHostileLength(random, pick(random, corpus));
            };
            check(input, i);
        }
        // The mix must reach both outcomes, or it tests nothing.
        assertThat(decoded).isGreaterThan(COUNT / 20);
        assertThat(rejected).isGreaterThan(COUNT / 4);
    }

    private void check(byte[] input, int index) {
        try {
            Term term = decoder.decode(input);
            decoded++;
            Term again = decoder.decode(TermEncoder.encode(term));
            if (!again.equals(term)) {
                throw new AssertionError("input " + index + " decodes, but its re-encoding decodes differently: " + Hex.of(input));
            }
        } catch (TermDecodeException e) {
            rejected++;
        } catch (Throwable t) {
            throw new AssertionError("input " + index + " (seed " + SEED + ") threw " + t + ": " + Hex.of(input), t);
        }
        try {
            Outcome shared = outcome(ByteBuffer.wrap(input), decoder::decode);
            Outcome reused = outcome(ByteBuffer.wrap(input), reusable::decode);
            if (!reused.equals(shared)) {
                throw new AssertionError("input " + index + ": the reusable decoder gave " + reused + ", the shared one " + shared);
            }
            if (input.length > 1) {
                shared = outcome(ByteBuffer.wrap(input, 1, input.length - 1), b -> decoder.decodeBody(b, ATOM_CACHE_REFS));
                reused = outcome(ByteBuffer.wrap(input, 1, input.length - 1), b -> reusable.decodeBody(b, ATOM_CACHE_REFS));
                if (!reused.equals(shared)) {
                    throw new AssertionError("body of input " + index + ": the reusable decoder gave " + reused + ", the shared one " + shared);
                }
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("input " + index + " (seed " + SEED + ") threw " + t + ": " + Hex.of(input), t);
        }
    }

    private interface BufferDecode {
        Term decode(ByteBuffer buffer) throws TermDecodeException;
    }

    /** A decoded term and the buffer position after it, or an error's message and offset. */
    private record Outcome(Term term, int position, String error, long offset) {
    }

    private static Outcome outcome(ByteBuffer buffer, BufferDecode decode) {
        try {
            Term term = decode.decode(buffer);
            return new Outcome(term, buffer.position(), null, 0);
        } catch (TermDecodeException e) {
            return new Outcome(null, buffer.position(), e.getMessage(), e.offset());
        }
    }

    /** Valid encodings of generated terms, plain and compressed, small enough that mutations hit every part. */
    private static List<byte[]> corpus(Random random) {
        List<byte[]> corpus = new ArrayList<>(CORPUS_SIZE);
        var generator = TermArbitraries.terms().generator(100);
        for (int attempt = 0; attempt < 50 * CORPUS_SIZE && corpus.size() < CORPUS_SIZE; attempt++) {
            Term term = generator.next(random).value();
            byte[] bytes = corpus.size() % 5 == 0 ? TermEncoder.encodeCompressed(term, 6) : TermEncoder.encode(term);
            if (bytes.length <= MAX_CORPUS_ENCODING) {
                corpus.add(bytes);
            }
        }
        assertThat(corpus).hasSize(CORPUS_SIZE);
        return corpus;
    }

    private static byte[] pick(Random random, List<byte[]> corpus) {
        return corpus.get(random.nextInt(corpus.size())).clone();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(48)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextInt(4) != 0) {
            bytes[0] = (byte) 131;
        }
        // Steer the second byte to a real tag most of the time, so the fuzzing gets past the first check.
        if (bytes.length > 1 && random.nextBoolean()) {
            bytes[1] = (byte) (70 + random.nextInt(52));
        }
        return bytes;
    }

    private static byte[] flipBits(Random random, byte[] bytes) {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] truncateOrSplice(Random random, byte[] bytes) {
        if (bytes.length < 2) {
            return bytes;
        }
        int cut = 1 + random.nextInt(bytes.length - 1);
        if (random.nextBoolean()) {
            return Arrays.copyOf(bytes, cut);
        }
        // Repeat a slice in place: shifts every later field and duplicates tags and lengths.
        int from = random.nextInt(cut);
        byte[] slice = Arrays.copyOfRange(bytes, from, cut);
        byte[] spliced = new byte[bytes.length + slice.length];
        System.arraycopy(bytes, 0, spliced, 0, cut);
        System.arraycopy(slice, 0, spliced, cut, slice.length);
        System.arraycopy(bytes, cut, spliced, cut + slice.length, bytes.length - cut);
        return spliced;
    }

    /** Overwrites what may be a length field (a byte, a 16- or a 32-bit word) with a huge value. */
    private static byte[] withHostileLength(Random random, byte[] bytes) {
        if (bytes.length < 3) {
            return bytes;
        }
        int at = 1 + random.nextInt(bytes.length - 1);
        int value = HOSTILE_LENGTHS[random.nextInt(HOSTILE_LENGTHS.length)];
        int width = switch (random.nextInt(3)) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 4;
        };
        for (int k = 0; k < width && at + k < bytes.length; k++) {
            bytes[at + k] = (byte) (value >>> (8 * (width - 1 - k)));
        }
        return bytes;
    }
}
