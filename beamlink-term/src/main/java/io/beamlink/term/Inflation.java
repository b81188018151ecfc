package io.beamlink.term;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The zlib data of a compressed term (tag 80), inflated to exactly its declared size.
 *
 * @param bytes    the inflated bytes, exactly the declared size
 * @param inputEnd the index just past the zlib stream in the input
 */
record Inflation(byte[] bytes, int inputEnd) {
    /** The output starts this small and doubles, so a large declared size costs memory only if the data inflates to it. */
    private static final int INITIAL_OUTPUT = 4096;

    /**
     * Inflates the zlib stream at {@code in[start..end)}, which must inflate to exactly
     * {@code declared} bytes, at most {@code limit}.
     *
     * @param tagOffset the reported offset of the compressed term, for messages
     */
    static Inflation inflate(byte[] in, int start, int end, long declared, int limit, long tagOffset) throws TermDecodeException {
        if (declared > limit) {
            throw new TermDecodeException("compressed term declares " + declared
                    + " bytes uncompressed, more than the limit of " + limit + " (maxDecompressedSize)", tagOffset);
        }
        int size = (int) declared;
        byte[] out = new byte[Math.min(size, INITIAL_OUTPUT)];
        int produced = 0;
        byte[] probe = new byte[1];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in, start, end - start);
            // Each round inflates at least one byte (at most `size` in all) or ends the loop.
            while (!inflater.finished()) {
                if (produced == out.length && out.length < size) {
                    out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
                }
                int count = produced < size
                        ? inflater.inflate(out, produced, out.length - produced)
                        : inflater.inflate(probe);
                if (produced == size && count > 0) {
                    throw new TermDecodeException("compressed term inflates to more than its declared " + size + " bytes", tagOffset);
                }
                produced += count;
                if (count == 0 && !inflater.finished()) {
                    if (inflater.needsInput()) {
                        throw new TermDecodeException("compressed term is cut short: its zlib data ends after "
                                + produced + " of the declared " + size + " bytes", tagOffset);
                    }
                    throw new TermDecodeException("compressed term's zlib data "
                            + (inflater.needsDictionary() ? "needs a preset dictionary" : "makes no progress"), tagOffset);
                }
            }
            if (produced != size) {
                throw new TermDecodeException("compressed term inflates to " + produced + " bytes, but declares " + size, tagOffset);
            }
            return new Inflation(out, end - inflater.getRemaining());
        } catch (DataFormatException e) {
            throw new TermDecodeException("compressed term has corrupt zlib data (" + e.getMessage() + ")", tagOffset, e);
        } finally {
            inflater.end();
        }
    }
}
