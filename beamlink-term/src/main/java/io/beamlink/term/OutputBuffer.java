package io.beamlink.term;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer. A connection keeps one and {@link #reset()}s it per
 * message, so once it has grown to the largest message, encoding allocates nothing. Not
 * thread-safe.
 */
public final class OutputBuffer {
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int size;
    private EncodeStack encodeStack;

    public OutputBuffer(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialCapacity);
        }
        bytes = new byte[initialCapacity];
    }

    public void writeByte(int b) {
        ensureRoom(1);
        bytes[size++] = (byte) b;
    }

    /** The low 16 bits, big-endian. */
    public void writeShort(int value) {
        ensureRoom(2);
        SHORT.set(bytes, size, (short) value);
        size += 2;
    }

    public void writeInt(int value) {
        ensureRoom(4);
        INT.set(bytes, size, value);
        size += 4;
    }

    public void writeLong(long value) {
        ensureRoom(8);
        LONG.set(bytes, size, value);
        size += 8;
    }

    public void writeBytes(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureRoom(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    public void writeBytes(byte[] b) {
        writeBytes(b, 0, b.length);
    }

    /** A tag byte and one byte after it, with one bounds check: the encoder's small integers and tuple headers. */
    void writeTagAndByte(int tag, int b) {
        ensureRoom(2);
        bytes[size] = (byte) tag;
        bytes[size + 1] = (byte) b;
        size += 2;
    }

    /** A tag byte and a 32-bit field, with one bounds check. */
    void writeTagAndInt(int tag, int value) {
        ensureRoom(5);
        bytes[size] = (byte) tag;
        INT.set(bytes, size + 1, value);
        size += 5;
    }

    /** A tag byte and a 64-bit field, with one bounds check. */
    void writeTagAndLong(int tag, long value) {
        ensureRoom(9);
        bytes[size] = (byte) tag;
        LONG.set(bytes, size + 1, value);
        size += 9;
    }

    /**
     * Appends an atom's encoding. Most atoms encode to at most 16 bytes: while 16 bytes are
     * free, those are written as two longs rather than copied (the bytes past the atom are
     * scratch beyond the content).
     */
    void writeAtom(Atom atom) {
        byte[] encoded = atom.encoded();
        if (encoded.length <= 16 && bytes.length - size >= 16) {
            LONG.set(bytes, size, atom.encodedHigh());
            LONG.set(bytes, size + 8, atom.encodedLow());
            size += encoded.length;
            return;
        }
        ensureRoom(encoded.length);
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
    }

    /** A tag byte, the 32-bit length and the bytes (BINARY_EXT), with one bounds check. */
    void writeTagLengthAndBytes(int tag, byte[] b, int off, int len) {
        ensureRoom(5 + len);
        bytes[size] = (byte) tag;
        INT.set(bytes, size + 1, len);
        System.arraycopy(b, off, bytes, size + 5, len);
        size += 5 + len;
    }

    /** Overwrites 4 bytes already written at {@code position}, to fill in a length field later. */
    public void putInt(int position, int value) {
        java.util.Objects.checkFromIndexSize(position, 4, size);
        INT.set(bytes, position, value);
    }

    /** Makes room for {@code count} more bytes now, so later writes do not grow the array piecemeal. */
    public void ensureRoom(int count) {
        // A negative count is a size that overflowed int: grow() rejects it with a clear message.
        if (count > bytes.length - size || count < 0) {
            grow(count);
        }
    }

    private void grow(int count) {
        long needed = (long) size + count;
        if (count < 0 || needed > MAX_CAPACITY) {
            throw new IllegalStateException("output buffer cannot hold " + needed + " bytes (at most " + MAX_CAPACITY + ")");
        }
        long doubled = Math.max(16L, 2L * bytes.length);
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_CAPACITY, Math.max(doubled, needed)));
    }

    /** The stack {@link TermEncoder} walks nested terms with, kept so that it grows once. */
    EncodeStack encodeStack() {
        if (encodeStack == null) {
            encodeStack = new EncodeStack();
        }
        return encodeStack;
    }

    /** Bytes written since the last {@link #reset()}. */
    public int size() {
        return size;
    }

    /** The backing array; bytes {@code [0, size())} are the content. Valid until the next write. */
    public byte[] array() {
        return bytes;
    }

    /** Forgets the content and keeps the capacity. */
    public void reset() {
        size = 0;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** A view of the content {@code [0, size())}, positioned at 0; valid until the next write. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }
}
