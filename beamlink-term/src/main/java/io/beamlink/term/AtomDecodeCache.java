package io.beamlink.term;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Recently decoded atoms keyed by their encoded bytes, so the common atoms of a stream
 * ({@code ok}, {@code '$gen_call'}, node names) skip UTF-8 validation, string creation and the
 * intern-table lookup. Direct-mapped: a slot holds the last atom whose bytes hashed to it.
 *
 * <p>Bytes are hashed and compared in words of 8 (or 4) bytes, the last word overlapping the
 * one before it, rather than byte by byte: a lookup is on the decoder's path for every atom, and
 * a node name of 20 bytes then costs three multiplications instead of twenty.
 *
 * <p>Thread-safe without locks: slots hold immutable entries, so a reader sees either an old
 * entry or a new one, never a torn one; a lost update only costs a miss.
 */
final class AtomDecodeCache {
    /** Longer atoms are rare on hot paths and would make the cache hold more memory. */
    static final int MAX_CACHED_BYTES = 64;

    // Native order: the words are only hashed and compared, so their byte order does not matter.
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** 2^64 / the golden ratio: multiplying by it spreads every input bit into the top bits. */
    private static final long SPREAD = 0x9E37_79B9_7F4A_7C15L;

    /** Bytes as encoded; {@code latin1} matters only for non-ASCII bytes, which decode differently. */
    private record Entry(byte[] bytes, boolean ascii, boolean latin1, Atom atom) {
    }

    private final Entry[] slots;
    /** 64 - log2(slots): the slot is the top bits of the hash. */
    private final int slotShift;

    /** @param size a power of two, at least 2 */
    AtomDecodeCache(int size) {
        if (Integer.bitCount(size) != 1 || size < 2) {
            throw new IllegalArgumentException("cache size must be a power of two of at least 2, got " + size);
        }
        slots = new Entry[size];
        slotShift = Long.numberOfLeadingZeros(size) + 1;
    }

    /** The atom last stored for these bytes in this encoding, or null. */
    Atom find(byte[] input, int offset, int length, boolean latin1) {
        Entry entry = slots[slot(input, offset, length)];
        if (entry == null || entry.bytes.length != length || !(entry.ascii || entry.latin1 == latin1)
                || !sameBytes(entry.bytes, input, offset, length)) {
            return null;
        }
        return entry.atom;
    }

    /** Remembers an atom decoded from (already validated) bytes; long atoms are not cached. */
    void store(byte[] input, int offset, int length, boolean latin1, boolean ascii, Atom atom) {
        if (length <= MAX_CACHED_BYTES) {
            byte[] key = Arrays.copyOfRange(input, offset, offset + length);
            slots[slot(input, offset, length)] = new Entry(key, ascii, latin1, atom);
        }
    }

    private int slot(byte[] input, int offset, int length) {
        long h = length;
        int end = offset + length;
        if (length >= 8) {
            for (int i = offset; i < end - 8; i += 8) {
                h = (h ^ (long) LONG.get(input, i)) * SPREAD;
            }
            h = (h ^ (long) LONG.get(input, end - 8)) * SPREAD;
        } else if (length >= 4) {
            long firstAndLast = ((long) (int) INT.get(input, offset) << 32) | ((int) INT.get(input, end - 4) & 0xFFFF_FFFFL);
            h = (h ^ firstAndLast) * SPREAD;
        } else if (length > 0) {
            // All of 1 to 3 bytes: the first, the middle and the last.
            long bytes = (input[offset] & 0xFF) | (input[offset + length / 2] & 0xFF) << 8 | (input[end - 1] & 0xFF) << 16;
            h = (h ^ bytes) * SPREAD;
        } else {
            h *= SPREAD;
        }
        return (int) (h >>> slotShift);
    }

    /** Whether {@code key} equals the {@code length} (its length) bytes of {@code input} at {@code offset}. */
    private static boolean sameBytes(byte[] key, byte[] input, int offset, int length) {
        if (length >= 8) {
            for (int i = 0; i < length - 8; i += 8) {
                if ((long) LONG.get(key, i) != (long) LONG.get(input, offset + i)) {
                    return false;
                }
            }
            return (long) LONG.get(key, length - 8) == (long) LONG.get(input, offset + length - 8);
        }
        if (length >= 4) {
            return (int) INT.get(key, 0) == (int) INT.get(input, offset)
                    && (int) INT.get(key, length - 4) == (int) INT.get(input, offset + length - 4);
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != input[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
