package io.beamlink.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A binary: a whole number of bytes. It may be a view on a larger array (the decoder does not
 * copy large binaries out of the buffer it decodes); the bytes must not be changed while the
 * binary is in use.
 */
public final class Binary implements Term {
    public static final Binary EMPTY = new Binary(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Binary(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A binary that owns this array; the caller hands it over and must not change it. */
    public static Binary of(byte[] bytes) {
        return new Binary(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length);
    }

    /** A binary over {@code length} bytes of {@code array} from {@code offset}, without copying. */
    public static Binary wrap(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        return new Binary(array, offset, length);
    }

    public static Binary copyOf(byte[] bytes) {
        return of(bytes.clone());
    }

    public static Binary utf8(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return length;
    }

    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only view on the bytes, without copying. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** The backing array; with {@link #arrayOffset()} for zero-copy writers. Do not modify. */
    public byte[] array() {
        return array;
    }

    public int arrayOffset() {
        return offset;
    }

    /** The bytes decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String utf8String() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    /** The bytes as text when they are valid UTF-8, else null (no replacement characters). */
    public String strictUtf8String() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(array, offset, length))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** True when the bytes are valid UTF-8, so the binary prints as {@code <<"text">>}. */
    public boolean isValidUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(array, offset, length), java.nio.CharBuffer.allocate(length), true)
                .isUnderflow();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Binary other
                && Arrays.equals(array, offset, offset + length, other.array, other.offset, other.offset + other.length));
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return TermPrinter.print(this);
    }
}
