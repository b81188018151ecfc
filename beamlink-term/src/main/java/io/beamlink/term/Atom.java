package io.beamlink.term;

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
    private byte[] utf8;

    private Atom(String name) {
        this.name = name;
        this.hash = name.hashCode();
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

    /** The name's UTF-8 bytes, computed once; callers must not modify the array. */
    public byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
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
