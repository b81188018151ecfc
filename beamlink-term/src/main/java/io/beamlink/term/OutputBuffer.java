package io.beamlink.term;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer. A connection keeps one and {@link #reset()}s it per
 * message, so once it has grown to the largest message, encoding allocates nothing. Not
 * thread-safe.
 *
 * <p>A buffer made with {@link #referencingBinaries} does not copy the bytes of large binaries
 * that {@link TermEncoder} writes into it: it records where they go and keeps a reference to
 * the binary's array, and {@link #writeTo(OutputStream)} or {@link #toByteBuffers()} (for a
 * gathering write) send them from there. Every other method sees the same content as a
 * copying buffer would hold; {@link #array()} and {@link #asByteBuffer()} first copy the
 * referenced bytes in.
 */
public final class OutputBuffer {
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The bytes written here; with references, the content minus the referenced bytes. */
    private byte[] bytes;
    /** Bytes used in {@link #bytes}. */
    private int size;
    private EncodeStack encodeStack;
    /** Binaries at least this long are referenced rather than copied; MAX_VALUE when none are. */
    private final int minReferencedBytes;
    /** Null until the first binary is referenced. */
    private BinaryReferences references;

    public OutputBuffer(int initialCapacity) {
        this(initialCapacity, Integer.MAX_VALUE);
    }

    private OutputBuffer(int initialCapacity, int minReferencedBytes) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialCapacity);
        }
        bytes = new byte[initialCapacity];
        this.minReferencedBytes = minReferencedBytes;
    }

    /**
     * A buffer that references, rather than copies, the bytes of each binary of at least
     * {@code minReferencedBytes} that {@link TermEncoder} writes. Those binaries' arrays must not
     * change until the buffer has been written out or {@link #reset()}.
     */
    public static OutputBuffer referencingBinaries(int initialCapacity, int minReferencedBytes) {
        if (minReferencedBytes < 1) {
            throw new IllegalArgumentException("minReferencedBytes must be at least 1, got " + minReferencedBytes);
        }
        return new OutputBuffer(initialCapacity, minReferencedBytes);
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

    /**
     * A tag byte, the 32-bit length and the bytes (BINARY_EXT), with one bounds check; the
     * bytes are referenced instead when this buffer references binaries of that length.
     */
    void writeTagLengthAndBytes(int tag, byte[] b, int off, int len) {
        if (len >= minReferencedBytes) {
            writeTagAndInt(tag, len);
            reference(b, off, len);
            return;
        }
        ensureRoom(5 + len);
        bytes[size] = (byte) tag;
        INT.set(bytes, size + 1, len);
        System.arraycopy(b, off, bytes, size + 5, len);
        size += 5 + len;
    }

    private void reference(byte[] b, int off, int len) {
        if ((long) size() + len > MAX_CAPACITY) {
            throw new IllegalStateException("output buffer cannot hold " + ((long) size() + len)
                    + " bytes (at most " + MAX_CAPACITY + ")");
        }
        if (references == null) {
            references = new BinaryReferences();
        }
        references.add(size, b, off, len);
    }

    /**
     * Overwrites 4 bytes already written at {@code position}, to fill in a length field later.
     *
     * @throws IllegalArgumentException when those bytes are part of a referenced binary
     */
    public void putInt(int position, int value) {
        java.util.Objects.checkFromIndexSize(position, 4, size());
        int physical = references == null ? position : references.physicalPosition(position, 4);
        INT.set(bytes, physical, value);
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

    /** Bytes written since the last {@link #reset()}, referenced ones included. */
    public int size() {
        return references == null ? size : size + references.totalBytes();
    }

    /**
     * The backing array; bytes {@code [0, size())} are the content. Valid until the next write.
     * Referenced binaries are copied in first.
     */
    public byte[] array() {
        copyReferencesIn();
        return bytes;
    }

    /** Forgets the content (and the referenced arrays) and keeps the capacity. */
    public void reset() {
        size = 0;
        if (references != null) {
            references.clear();
        }
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        copyReferencesIn();
        return Arrays.copyOf(bytes, size);
    }

    /** A copy of the content {@code [from, to)}; referenced binaries are copied in first. */
    public byte[] copyOfRange(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size());
        copyReferencesIn();
        return Arrays.copyOfRange(bytes, from, to);
    }

    /**
     * Forgets the content from {@code newSize} on, as if it had never been written; referenced
     * binaries are copied in first.
     */
    public void truncate(int newSize) {
        java.util.Objects.checkIndex(newSize, size() + 1);
        copyReferencesIn();
        size = newSize;
    }

    /**
     * A view of the content {@code [0, size())}, positioned at 0; valid until the next write.
     * Referenced binaries are copied in first.
     */
    public ByteBuffer asByteBuffer() {
        copyReferencesIn();
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /**
     * Writes the content, referenced binaries straight from their arrays, without copying or
     * allocating: one {@code write} per segment, so on an unbuffered socket stream that is one
     * system call each; {@link #toByteBuffers()} with a gathering write sends them in one.
     */
    public void writeTo(OutputStream out) throws IOException {
        int from = 0;
        int count = references == null ? 0 : references.count();
        for (int i = 0; i < count; i++) {
            int at = references.position(i);
            out.write(bytes, from, at - from);
            out.write(references.array(i), references.offset(i), references.length(i));
            from = at;
        }
        out.write(bytes, from, size - from);
    }

    /**
     * The content as buffers for a gathering write ({@code GatheringByteChannel.write}): views
     * on this buffer's array and on the referenced binaries, valid until the next write.
     */
    public ByteBuffer[] toByteBuffers() {
        int count = references == null ? 0 : references.count();
        ByteBuffer[] segments = new ByteBuffer[2 * count + 1];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int at = references.position(i);
            segments[2 * i] = ByteBuffer.wrap(bytes, from, at - from).slice();
            segments[2 * i + 1] = ByteBuffer.wrap(references.array(i), references.offset(i), references.length(i)).slice();
            from = at;
        }
        segments[2 * count] = ByteBuffer.wrap(bytes, from, size - from).slice();
        return segments;
    }

    /**
     * Copies the referenced binaries into the array, in place from the end backwards: each run
     * of written bytes moves up by the referenced bytes before it, then the binary before it
     * fills the gap.
     */
    private void copyReferencesIn() {
        if (references == null || references.count() == 0) {
            return;
        }
        int shift = references.totalBytes();
        ensureRoom(shift);
        int end = size;
        for (int i = references.count() - 1; i >= 0; i--) {
            int at = references.position(i);
            System.arraycopy(bytes, at, bytes, at + shift, end - at);
            shift -= references.length(i);
            System.arraycopy(references.array(i), references.offset(i), bytes, at + shift, references.length(i));
            end = at;
        }
        size += references.totalBytes();
        references.clear();
    }
}
