package io.beamlink.term;

import java.util.Arrays;

/**
 * Recently decoded atoms keyed by their encoded bytes, so the common atoms of a stream
 * ({@code ok}, {@code '$gen_call'}, node names) skip UTF-8 validation, string creation and the
 * intern-table lookup. Direct-mapped: a slot holds the last atom whose bytes hashed to it.
 *
 * <p>Thread-safe without locks: slots hold immutable entries, so a reader sees either an old
 * entry or a new one, never a torn one; a lost update only costs a miss.
 */
final class AtomDecodeCache {
    /** Longer atoms are rare on hot paths and would make the cache hold more memory. */
    static final int MAX_CACHED_BYTES = 64;

    /** Bytes as encoded; {@code latin1} matters only for non-ASCII bytes, which decode differently. */
    private record Entry(byte[] bytes, boolean ascii, boolean latin1, Atom atom) {
    }

    private final Entry[] slots;

    /** @param size a power of two */
    AtomDecodeCache(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("cache size must be a power of two, got " + size);
        }
        slots = new Entry[size];
    }

    /** The atom last stored for these bytes in this encoding, or null. */
    Atom find(byte[] input, int offset, int length, boolean latin1) {
        Entry entry = slots[slot(input, offset, length)];
        if (entry == null || entry.bytes.length != length || !(entry.ascii || entry.latin1 == latin1)) {
            return null;
        }
        // A plain loop: atoms are short, and Arrays.equals costs more to set up than to compare them.
        byte[] key = entry.bytes;
        for (int i = 0; i < length; i++) {
            if (key[i] != input[offset + i]) {
                return null;
            }
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
        int h = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + input[i];
        }
        h ^= h >>> 16;
        return h & (slots.length - 1);
    }
}
