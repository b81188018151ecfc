package io.beamlink.term;

import java.nio.ByteBuffer;

/**
 * A {@link TermDecoder} for one thread that decodes term after term (a distribution
 * connection's reader): it keeps one reader and its stack of open containers, where the shared
 * decoder sets up new ones for every term. Same limits, same results, same exceptions; after a
 * failed decode it can go on with other input. Not thread-safe. Get one from
 * {@link TermDecoder#reusable()}.
 */
public final class ReusableTermDecoder {
    private final TermDecoder decoder;
    private final TermReader reader;

    ReusableTermDecoder(TermDecoder decoder) {
        this.decoder = decoder;
        this.reader = new TermReader(decoder);
    }

    /** As {@link TermDecoder#decode(ByteBuffer)}. */
    public Term decode(ByteBuffer buffer) throws TermDecodeException {
        return decoder.read(reader, buffer, null, true);
    }

    /** As {@link TermDecoder#decodeBody(ByteBuffer, Atom[])}. */
    public Term decodeBody(ByteBuffer buffer, Atom[] atomCacheRefs) throws TermDecodeException {
        return decoder.read(reader, buffer, atomCacheRefs, false);
    }
}
