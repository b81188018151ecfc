package io.beamlink.term;

import java.util.Arrays;

/**
 * The binaries an {@link OutputBuffer} holds by reference, in the order written: for each, the
 * position in the buffer's own array where its bytes belong, and the slice of the binary's
 * array that holds them. Kept by the buffer and cleared on reset, so once grown it is reused
 * without allocating.
 */
final class BinaryReferences {
    private static final int INITIAL_COUNT = 4;

    private int[] positions = new int[INITIAL_COUNT];
    private byte[][] arrays = new byte[INITIAL_COUNT][];
    private int[] offsets = new int[INITIAL_COUNT];
    private int[] lengths = new int[INITIAL_COUNT];
    private int count;
    private int totalBytes;

    /** Records a binary whose bytes belong at {@code position}, after every binary recorded before. */
    void add(int position, byte[] array, int offset, int length) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, 2 * count);
            arrays = Arrays.copyOf(arrays, 2 * count);
            offsets = Arrays.copyOf(offsets, 2 * count);
            lengths = Arrays.copyOf(lengths, 2 * count);
        }
        positions[count] = position;
        arrays[count] = array;
        offsets[count] = offset;
        lengths[count] = length;
        count++;
        totalBytes += length;
    }

    int count() {
        return count;
    }

    /** The referenced bytes altogether. */
    int totalBytes() {
        return totalBytes;
    }

    /** Where the binary's bytes go in the buffer's own array (before the bytes written there next). */
    int position(int index) {
        return positions[index];
    }

    byte[] array(int index) {
        return arrays[index];
    }

    int offset(int index) {
        return offsets[index];
    }

    int length(int index) {
        return lengths[index];
    }

    /**
     * The position in the buffer's own array of {@code length} bytes at {@code contentPosition}
     * of the whole content. Searches from the last binary, as length fields patched later
     * (a frame's) mostly lie after all binaries.
     *
     * @throws IllegalArgumentException when those bytes overlap a referenced binary
     */
    int physicalPosition(int contentPosition, int length) {
        int before = totalBytes;
        for (int i = count - 1; i >= 0; i--) {
            int binaryEnd = positions[i] + before;
            if (contentPosition >= binaryEnd) {
                break;
            }
            before -= lengths[i];
            if (contentPosition + length > binaryEnd - lengths[i]) {
                throw new IllegalArgumentException("bytes " + contentPosition + ".." + (contentPosition + length - 1)
                        + " overlap a referenced binary");
            }
        }
        return contentPosition - before;
    }

    /** Forgets every binary, dropping the references so their arrays can be collected. */
    void clear() {
        Arrays.fill(arrays, 0, count, null);
        count = 0;
        totalBytes = 0;
    }
}
