package io.beamlink.term;

import java.nio.ByteBuffer;

/**
 * Reads terms in the External Term Format: every tag OTP has sent since R9 (legacy ones
 * included), compressed terms, and atom cache references inside distribution messages.
 *
 * <p>Input is untrusted: anything that is not a valid encoding, or that exceeds a limit, is
 * reported as a {@link TermDecodeException} that says what was wrong and at which offset. Lengths
 * are checked against the input before anything is allocated, nesting is bounded by
 * {@link Builder#maxDepth}, and decoding recurses on the thread stack only for the first few
 * levels.
 *
 * <p>Binaries of {@link Builder#minSharedBinarySize} bytes or more are not copied: they are views
 * into the input array (of a {@code byte[]}, or of a heap {@link ByteBuffer}). <b>The input must
 * therefore not be modified while decoded terms are in use</b>; a caller that reuses its buffer
 * sets {@code minSharedBinarySize(Integer.MAX_VALUE)}, which copies every binary.
 *
 * <p>A decoder is immutable and thread-safe; {@link #standard()} is shared. Each decoder keeps a
 * small cache of recently decoded atoms, so reusing one decoder speeds up atom-heavy streams.
 */
public final class TermDecoder {
    public static final int DEFAULT_MAX_DEPTH = 2000;
    public static final int DEFAULT_MAX_DECOMPRESSED_SIZE = 64 << 20;
    public static final int DEFAULT_MIN_SHARED_BINARY_SIZE = 64;
    /**
     * The ceiling for {@link Builder#maxDepth}. The decoder and encoder do not recurse, but the
     * term model's {@code equals}, {@code hashCode} and {@code compareTo} do, once per level; on a
     * 1 MiB thread stack (platform or virtual), in a cold JVM, {@code compareTo} of two 3000-deep
     * terms overflowed where 2000 levels worked for every operation. The decoder compares map keys.
     */
    public static final int MAX_DEPTH_LIMIT = 2000;
    private static final int ATOM_CACHE_SIZE = 1024;

    private static final TermDecoder STANDARD = builder().build();

    private final int maxDepth;
    private final int maxDecompressedSize;
    private final int minSharedBinarySize;
    private final AtomDecodeCache atomCache = new AtomDecodeCache(ATOM_CACHE_SIZE);

    private TermDecoder(Builder builder) {
        this.maxDepth = builder.maxDepth;
        this.maxDecompressedSize = builder.maxDecompressedSize;
        this.minSharedBinarySize = builder.minSharedBinarySize;
    }

    /** A shared decoder with the default limits. */
    public static TermDecoder standard() {
        return STANDARD;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code binary_to_term}: one term with its leading version byte 131. The whole array must
     * be the term; trailing bytes are an error. Large binaries share {@code bytes}.
     */
    public Term decode(byte[] bytes) throws TermDecodeException {
        TermReader reader = new TermReader(this, bytes, 0, bytes.length, 0, null);
        Term term = reader.readVersionedTerm();
        if (reader.position() != bytes.length) {
            throw reader.error((bytes.length - reader.position()) + " bytes follow the term", reader.position());
        }
        return term;
    }

    /**
     * One term with its leading version byte 131 at the buffer's position, which then moves past
     * the term (on failure it stays). Offsets in exceptions are indexes into the buffer.
     */
    public Term decode(ByteBuffer buffer) throws TermDecodeException {
        return read(new TermReader(this), buffer, null, true);
    }

    /**
     * One term without the version byte, as in a distribution message after its header. The
     * buffer's position moves past the term (on failure it stays).
     *
     * @param atomCacheRefs the atoms the distribution header's references resolve to, by index,
     *                      for ATOM_CACHE_REF (82); null when there is no atom cache, which makes
     *                      tag 82 an error
     */
    public Term decodeBody(ByteBuffer buffer, Atom[] atomCacheRefs) throws TermDecodeException {
        return read(new TermReader(this), buffer, atomCacheRefs, false);
    }

    /**
     * A decoder with these limits for one thread that decodes term after term, such as a
     * connection's reader: it reuses its state instead of allocating it for every term.
     */
    public ReusableTermDecoder reusable() {
        return new ReusableTermDecoder(this);
    }

    /** Reads with {@code reader} (fresh, or reused and reset here), which lets go of the input afterwards. */
    Term read(TermReader reader, ByteBuffer buffer, Atom[] atomCacheRefs, boolean versioned) throws TermDecodeException {
        int position = buffer.position();
        byte[] array;
        int start;
        int end;
        long shift;
        if (buffer.hasArray()) {
            array = buffer.array();
            start = buffer.arrayOffset() + position;
            end = buffer.arrayOffset() + buffer.limit();
            shift = -buffer.arrayOffset();
        } else {
            array = new byte[buffer.remaining()];
            buffer.get(position, array);
            start = 0;
            end = array.length;
            shift = position;
        }
        reader.reset(array, start, end, shift, atomCacheRefs);
        try {
            Term term = versioned ? reader.readVersionedTerm() : reader.readTerm();
            buffer.position(position + (reader.position() - start));
            return term;
        } finally {
            reader.release();
        }
    }

    int maxDepth() {
        return maxDepth;
    }

    int maxDecompressedSize() {
        return maxDecompressedSize;
    }

    int minSharedBinarySize() {
        return minSharedBinarySize;
    }

    AtomDecodeCache atomCache() {
        return atomCache;
    }

    /** Limits and options of a {@link TermDecoder}. */
    public static final class Builder {
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxDecompressedSize = DEFAULT_MAX_DECOMPRESSED_SIZE;
        private int minSharedBinarySize = DEFAULT_MIN_SHARED_BINARY_SIZE;

        private Builder() {
        }

        /**
         * How deeply containers (tuples, lists, maps, funs) may nest: 1..{@value #MAX_DEPTH_LIMIT},
         * default {@value #DEFAULT_MAX_DEPTH}; see {@link #MAX_DEPTH_LIMIT} for why not deeper.
         */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
                throw new IllegalArgumentException("maxDepth must be 1.." + MAX_DEPTH_LIMIT + ", got " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * The largest size a compressed term (tag 80) may inflate to, default 64 MiB. The
         * declared size is checked before inflating, and the output grows only as data inflates.
         */
        public Builder maxDecompressedSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxDecompressedSize must not be negative, got " + bytes);
            }
            this.maxDecompressedSize = bytes;
            return this;
        }

        /**
         * Binaries of at least this many bytes are views into the input instead of copies
         * (default {@value #DEFAULT_MIN_SHARED_BINARY_SIZE}); smaller ones are copied so they do
         * not keep a large input alive. {@code Integer.MAX_VALUE} copies every binary, for callers
         * that reuse their input buffer.
         */
        public Builder minSharedBinarySize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("minSharedBinarySize must be at least 1, got " + bytes);
            }
            this.minSharedBinarySize = bytes;
            return this;
        }

        public TermDecoder build() {
            return new TermDecoder(this);
        }
    }
}
