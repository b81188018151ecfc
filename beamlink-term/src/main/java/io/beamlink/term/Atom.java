package io.beamlink.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An atom: at most 255 Unicode characters. Atoms are interned while the intern table has room
 * (default {@value #DEFAULT_INTERN_LIMIT} entries, settable with the system property
 * {@code beamlink.atom.internLimit}); beyond that new atoms are still created but not
 * interned, so a peer that sends millions of distinct atoms cannot exhaust memory through the
 * table. Equality is by name either way.
 */
public final class Atom implements Term {
    public static final int MAX_CHARS = 255;
    public static final int DEFAULT_INTERN_LIMIT = 1 << 20;

    private static final int INTERN_LIMIT =
            Integer.getInteger("beamlink.atom.internLimit", DEFAULT_INTERN_LIMIT);
    private static final ConcurrentHashMap<String, Atom> INTERNED = new ConcurrentHashMap<>();

    public static final Atom TRUE = of("true");
    public static final Atom FALSE = of("false");
    public static final Atom UNDEFINED = of("undefined");
    public static final Atom NIL = of("nil");
    public static final Atom OK = of("ok");
    public static final Atom ERROR = of("error");
    public static final Atom EMPTY = of("");

    private final String name;
    private final int hash;
    /** The atom as the encoder writes it: the UTF-8 atom tag, the length and the name's UTF-8 bytes. */
    private final byte[] encoded;
    /** The first 16 bytes of {@link #encoded} (zero-padded) as two big-endian longs: most atoms fit. */
    private final long encodedHigh;
    private final long encodedLow;

    private Atom(String name) {
        this.name = name;
        this.hash = name.hashCode();
        this.encoded = encode(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer first16 = ByteBuffer.wrap(Arrays.copyOf(encoded, 16));
        this.encodedHigh = first16.getLong();
        this.encodedLow = first16.getLong();
    }

    /** SMALL_ATOM_UTF8_EXT while the length fits a byte, else ATOM_UTF8_EXT (at most 4 × 255 bytes). */
    private static byte[] encode(byte[] utf8) {
        int header = utf8.length <= 0xFF ? 2 : 3;
        byte[] bytes = new byte[header + utf8.length];
        if (header == 2) {
            bytes[0] = (byte) EtfTag.SMALL_ATOM_UTF8_EXT;
            bytes[1] = (byte) utf8.length;
        } else {
            bytes[0] = (byte) EtfTag.ATOM_UTF8_EXT;
            bytes[1] = (byte) (utf8.length >>> 8);
            bytes[2] = (byte) utf8.length;
        }
        System.arraycopy(utf8, 0, bytes, header, utf8.length);
        return bytes;
    }

    /**
     * The atom with this name.
     *
     * @throws IllegalArgumentException when the name has more than 255 characters
     */
    public static Atom of(String name) {
        Atom existing = INTERNED.get(name);
        if (existing != null) {
            return existing;
        }
        int chars = name.codePointCount(0, name.length());
        if (chars > MAX_CHARS) {
            throw new IllegalArgumentException(
                    "atom too long: " + chars + " characters, at most " + MAX_CHARS + " allowed");
        }
        Atom atom = new Atom(name);
        if (INTERNED.size() < INTERN_LIMIT) {
            Atom raced = INTERNED.putIfAbsent(name, atom);
            return raced != null ? raced : atom;
        }
        return atom;
    }

    public static Atom of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public String name() {
        return name;
    }

    /** A copy of the name's UTF-8 bytes. */
    public byte[] utf8() {
        int header = encoded[0] == (byte) EtfTag.SMALL_ATOM_UTF8_EXT ? 2 : 3;
        return Arrays.copyOfRange(encoded, header, encoded.length);
    }

    /**
     * The atom's External Term Format encoding, computed once so that writing an atom is one
     * copy; callers must not modify the array.
     */
    byte[] encoded() {
        return encoded;
    }

    /** Bytes 0..7 of {@link #encoded()}, big-endian, zero beyond its end. */
    long encodedHigh() {
        return encodedHigh;
    }

    /** Bytes 8..15 of {@link #encoded()}, big-endian, zero beyond its end. */
    long encodedLow() {
        return encodedLow;
    }

    public boolean isBoolean() {
        return this == TRUE || this == FALSE || name.equals("true") || name.equals("false");
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Atom other && hash == other.hash && name.equals(other.name));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
