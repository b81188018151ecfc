package io.beamlink.term;

import static io.beamlink.term.EtfTag.*;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes terms in the External Term Format with the tags OTP 23+ sends: UTF-8 atoms,
 * NEW_FLOAT_EXT, NEW_PID_EXT, NEW_PORT_EXT or V4_PORT_EXT, NEWER_REFERENCE_EXT, STRING_EXT for
 * byte lists. Apart from growing the output buffer, encoding allocates nothing, except for
 * integers beyond 64 bits ({@link BigInt}), whose digits come from {@link BigInteger#toByteArray()}.
 *
 * <p>Encoding recurses only {@value #MAX_RECURSION} containers deep; deeper terms are walked
 * with an {@link EncodeStack}, so any term the decoder accepts can be encoded again on any
 * thread.
 */
public final class TermEncoder {
    /** OTP sends a port in NEW_PORT_EXT while its number fits 28 bits, and in V4_PORT_EXT beyond. */
    private static final long MAX_NEW_PORT_ID = (1L << 28) - 1;
    private static final int MAX_STRING_EXT_LENGTH = 0xFFFF;
    /** Tag, Size:32 and the version byte: the overhead of the compressed form over the plain one. */
    private static final int COMPRESSED_HEADER = 6;
    /** Container levels written by recursion before the rest is walked with an {@link EncodeStack}. */
    private static final int MAX_RECURSION = 16;

    private TermEncoder() {
    }

    /** {@code term_to_binary(Term)}: the version byte 131 and the term. */
    public static byte[] encode(Term term) {
        int size = 1 + encodedSize(term);
        OutputBuffer out = new OutputBuffer(size);
        encode(term, out);
        return out.size() == out.array().length ? out.array() : out.toByteArray();
    }

    /**
     * {@code term_to_binary(Term, [{compressed, Level}])}: zlib at {@code level} (0..9, 0 being no
     * compression). As OTP does, the compressed form (tag 80) is used only when it is no longer
     * than the plain one; otherwise the plain encoding is returned.
     */
    public static byte[] encodeCompressed(Term term, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("compression level must be 0..9, got " + level);
        }
        if (level == 0) {
            return encode(term);
        }
        int bodySize = encodedSize(term);
        OutputBuffer body = new OutputBuffer(bodySize);
        encodeBody(term, body);
        // Room for exactly the largest compressed form OTP would still choose: 6 + zlib <= 1 + body.
        int zlibRoom = bodySize + 1 - COMPRESSED_HEADER;
        if (zlibRoom <= 0) {
            return plain(body);
        }
        byte[] out = new byte[COMPRESSED_HEADER + zlibRoom];
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body.array(), 0, bodySize);
            deflater.finish();
            int written = 0;
            // A full buffer means compression does not pay; a round that writes nothing ends the loop too.
            while (!deflater.finished() && written < zlibRoom) {
                int count = deflater.deflate(out, COMPRESSED_HEADER + written, zlibRoom - written);
                if (count == 0) {
                    break;
                }
                written += count;
            }
            if (!deflater.finished()) {
                return plain(body);
            }
            out[0] = (byte) VERSION;
            out[1] = (byte) COMPRESSED;
            out[2] = (byte) (bodySize >>> 24);
            out[3] = (byte) (bodySize >>> 16);
            out[4] = (byte) (bodySize >>> 8);
            out[5] = (byte) bodySize;
            return Arrays.copyOf(out, COMPRESSED_HEADER + written);
        } finally {
            deflater.end();
        }
    }

    private static byte[] plain(OutputBuffer body) {
        byte[] bytes = new byte[1 + body.size()];
        bytes[0] = (byte) VERSION;
        System.arraycopy(body.array(), 0, bytes, 1, body.size());
        return bytes;
    }

    /** Appends the version byte 131 and the term. */
    public static void encode(Term term, OutputBuffer out) {
        out.writeByte(VERSION);
        encodeBody(term, out);
    }

    /** Appends the term without the version byte, as inside a distribution message. */
    public static void encodeBody(Term term, OutputBuffer out) {
        write(term, out, 0);
    }

    /**
     * Writes a term {@code depth} containers deep. Shallow terms, nearly every message, are
     * written by recursion, which needs no stack object; below {@link #MAX_RECURSION} levels
     * the rest of a container is walked with the buffer's {@link EncodeStack}, so the thread
     * stack holds at most {@code MAX_RECURSION} frames whatever the nesting. The common types
     * are tested first, once each; the others go through {@link #writeHead}.
     */
    private static void write(Term term, OutputBuffer out, int depth) {
        if (term instanceof Atom atom) {
            writeAtom(atom, out);
        } else if (term instanceof Int(long value)) {
            writeInteger(value, out);
        } else if (term instanceof Tuple tuple) {
            int arity = tuple.arity();
            writeTupleHeader(arity, out);
            if (depth == MAX_RECURSION) {
                writeChildrenWithStack(tuple, arity, out);
                return;
            }
            for (int i = 0; i < arity; i++) {
                write(tuple.get(i), out, depth + 1);
            }
        } else if (term instanceof Binary binary) {
            writeBinary(binary, out);
        } else if (term instanceof ErlMap map) {
            int size = map.size();
            out.writeTagAndInt(MAP_EXT, size);
            if (depth == MAX_RECURSION) {
                writeChildrenWithStack(map, 2 * size, out);
                return;
            }
            for (int i = 0; i < size; i++) {
                write(map.keyAt(i), out, depth + 1);
                write(map.valueAt(i), out, depth + 1);
            }
        } else if (term instanceof ErlList list && !isByteString(list)) {
            int size = list.size();
            out.writeTagAndInt(LIST_EXT, size);
            if (depth == MAX_RECURSION) {
                writeChildrenWithStack(list, size + 1, out);
                return;
            }
            for (int i = 0; i < size; i++) {
                write(list.get(i), out, depth + 1);
            }
            write(list.tail(), out, depth + 1);
        } else if (term instanceof Nil) {
            out.writeByte(NIL_EXT);
        } else if (term instanceof ErlFloat(double value)) {
            writeFloat(value, out);
        } else {
            // Byte-string lists and every type without children.
            writeHead(term, out);
        }
    }

    /** Writes the children of a container whose header is written, walking nested containers with the buffer's stack. */
    private static void writeChildrenWithStack(Term container, int children, OutputBuffer out) {
        EncodeStack stack = out.encodeStack();
        int outer = stack.depth();
        stack.push(container, children);
        // Each round writes one term (or its header) or leaves a finished container.
        while (stack.depth() > outer) {
            Term child = stack.nextChild();
            if (child != null) {
                int grandchildren = writeHead(child, out);
                if (grandchildren > 0) {
                    stack.push(child, grandchildren);
                }
            }
        }
    }

    /**
     * Writes a term whose encoding holds no other terms, or the header of a container; returns
     * the number of children the container's encoding still needs ({@link EncodeStack} order),
     * 0 when the term is complete.
     */
    private static int writeHead(Term term, OutputBuffer out) {
        switch (term) {
            case Atom atom -> writeAtom(atom, out);
            case Int(long value) -> writeInteger(value, out);
            case BigInt(BigInteger value) -> writeBig(value, out);
            case ErlFloat(double value) -> writeFloat(value, out);
            case Binary binary -> writeBinary(binary, out);
            case BitString bits -> {
                byte[] bytes = bits.bytesUnsafe();
                out.writeByte(BIT_BINARY_EXT);
                out.writeInt(bytes.length);
                out.writeByte(bits.bitsInLastByte());
                out.writeBytes(bytes, 0, bytes.length);
            }
            case Tuple tuple -> {
                writeTupleHeader(tuple.arity(), out);
                return tuple.arity();
            }
            case Nil nil -> out.writeByte(NIL_EXT);
            case ErlList list -> {
                if (isByteString(list)) {
                    writeByteString(list, out);
                    return 0;
                }
                out.writeTagAndInt(LIST_EXT, list.size());
                return list.size() + 1;
            }
            case ErlMap map -> {
                out.writeTagAndInt(MAP_EXT, map.size());
                return 2 * map.size();
            }
            case Pid pid -> {
                out.writeByte(NEW_PID_EXT);
                writeAtom(pid.node(), out);
                out.writeInt(pid.id());
                out.writeInt(pid.serial());
                out.writeInt(pid.creation());
            }
            case Port port -> {
                if (fitsNewPort(port.id())) {
                    out.writeByte(NEW_PORT_EXT);
                    writeAtom(port.node(), out);
                    out.writeInt((int) port.id());
                } else {
                    out.writeByte(V4_PORT_EXT);
                    writeAtom(port.node(), out);
                    out.writeLong(port.id());
                }
                out.writeInt(port.creation());
            }
            case Ref ref -> {
                int count = ref.idCount();
                out.writeByte(NEWER_REFERENCE_EXT);
                out.writeShort(count);
                writeAtom(ref.node(), out);
                out.writeInt(ref.creation());
                for (int i = 0; i < count; i++) {
                    out.writeInt(ref.id(i));
                }
            }
            case Fun fun -> {
                byte[] encoded = fun.encodedUnsafe();
                out.writeByte(NEW_FUN_EXT);
                out.writeBytes(encoded, 0, encoded.length);
            }
            case ExportFun fun -> {
                out.writeByte(EXPORT_EXT);
                writeAtom(fun.module(), out);
                writeAtom(fun.function(), out);
                out.writeByte(SMALL_INTEGER_EXT);
                out.writeByte(fun.arity());
            }
        }
        return 0;
    }

    /**
     * The exact number of bytes {@link #encodeBody} appends for this term. Allocates nothing
     * unless the term nests containers more than {@value #MAX_RECURSION} deep.
     */
    public static int encodedSize(Term term) {
        long size = size(term, 0);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("term encodes to " + size + " bytes, more than a byte array holds");
        }
        return (int) size;
    }

    /** The encoded size of a term {@code depth} containers deep, walked as {@link #write} walks it. */
    private static long size(Term term, int depth) {
        if (term instanceof Atom atom) {
            return atomSize(atom);
        } else if (term instanceof Int(long value)) {
            return integerSize(value);
        } else if (term instanceof Tuple tuple) {
            int arity = tuple.arity();
            long size = tupleHeaderSize(arity);
            if (depth == MAX_RECURSION) {
                return size + childrenSizeWithStack(tuple, arity);
            }
            for (int i = 0; i < arity; i++) {
                size += size(tuple.get(i), depth + 1);
            }
            return size;
        } else if (term instanceof ErlMap map) {
            int entries = map.size();
            long size = 5;
            if (depth == MAX_RECURSION) {
                return size + childrenSizeWithStack(map, 2 * entries);
            }
            for (int i = 0; i < entries; i++) {
                size += size(map.keyAt(i), depth + 1) + size(map.valueAt(i), depth + 1);
            }
            return size;
        } else if (term instanceof ErlList list && !isByteString(list)) {
            int length = list.size();
            long size = 5;
            if (depth == MAX_RECURSION) {
                return size + childrenSizeWithStack(list, length + 1);
            }
            for (int i = 0; i < length; i++) {
                size += size(list.get(i), depth + 1);
            }
            return size + size(list.tail(), depth + 1);
        }
        // Byte-string lists and every type without children.
        return headSize(term);
    }

    /** The encoded size of a container's children, walked with a stack of its own (only deep terms get here). */
    private static long childrenSizeWithStack(Term container, int children) {
        long size = 0;
        EncodeStack stack = new EncodeStack();
        stack.push(container, children);
        // Each round sizes one term (or its header) or leaves a finished container.
        while (stack.depth() > 0) {
            Term child = stack.nextChild();
            if (child != null) {
                size += headSize(child);
                int grandchildren = childCount(child);
                if (grandchildren > 0) {
                    stack.push(child, grandchildren);
                }
            }
        }
        return size;
    }

    /** The children {@link #writeHead} leaves to write after a container's header. */
    private static int childCount(Term term) {
        return switch (term) {
            case Tuple tuple -> tuple.arity();
            case ErlList list -> isByteString(list) ? 0 : list.size() + 1;
            case ErlMap map -> 2 * map.size();
            default -> 0;
        };
    }

    /** The bytes {@link #writeHead} writes. */
    private static long headSize(Term term) {
        return switch (term) {
            case Atom atom -> atomSize(atom);
            case Int(long value) -> integerSize(value);
            case BigInt(BigInteger value) -> {
                int digits = magnitudeBytes(value);
                yield (digits <= 0xFF ? 3 : 6) + digits;
            }
            case ErlFloat f -> 9;
            case Binary binary -> 5L + binary.size();
            case BitString bits -> 6L + bits.bytesUnsafe().length;
            case Tuple tuple -> tupleHeaderSize(tuple.arity());
            case Nil nil -> 1;
            case ErlList list -> isByteString(list) ? 3L + list.size() : 5;
            case ErlMap map -> 5;
            case Pid pid -> 13 + atomSize(pid.node());
            case Port port -> (fitsNewPort(port.id()) ? 9 : 13) + atomSize(port.node());
            case Ref ref -> 7 + atomSize(ref.node()) + 4L * ref.idCount();
            case Fun fun -> 1L + fun.encodedUnsafe().length;
            case ExportFun fun -> 3 + atomSize(fun.module()) + atomSize(fun.function());
        };
    }

    private static boolean fitsNewPort(long id) {
        return id >= 0 && id <= MAX_NEW_PORT_ID;
    }

    private static int atomSize(Atom atom) {
        return atom.encoded().length;
    }

    private static void writeAtom(Atom atom, OutputBuffer out) {
        out.writeAtom(atom);
    }

    private static void writeFloat(double value, OutputBuffer out) {
        out.writeTagAndLong(NEW_FLOAT_EXT, Double.doubleToRawLongBits(value));
    }

    private static int tupleHeaderSize(int arity) {
        return arity <= 0xFF ? 2 : 5;
    }

    private static void writeTupleHeader(int arity, OutputBuffer out) {
        if (arity <= 0xFF) {
            out.writeTagAndByte(SMALL_TUPLE_EXT, arity);
        } else {
            out.writeTagAndInt(LARGE_TUPLE_EXT, arity);
        }
    }

    private static void writeBinary(Binary binary, OutputBuffer out) {
        out.writeTagLengthAndBytes(BINARY_EXT, binary.array(), binary.arrayOffset(), binary.size());
    }

    private static int integerSize(long value) {
        if (value >= 0 && value <= 0xFF) {
            return 2;
        }
        if (value == (int) value) {
            return 5;
        }
        return 3 + longMagnitudeBytes(value);
    }

    private static void writeInteger(long value, OutputBuffer out) {
        if (value >= 0 && value <= 0xFF) {
            out.writeTagAndByte(SMALL_INTEGER_EXT, (int) value);
        } else if (value == (int) value) {
            out.writeTagAndInt(INTEGER_EXT, (int) value);
        } else {
            // Math.abs(Long.MIN_VALUE) stays negative, but read as unsigned it is the right magnitude.
            long magnitude = Math.abs(value);
            int digits = longMagnitudeBytes(value);
            out.writeByte(SMALL_BIG_EXT);
            out.writeByte(digits);
            out.writeByte(value < 0 ? 1 : 0);
            for (int i = 0; i < digits; i++) {
                out.writeByte((int) (magnitude >>> (8 * i)));
            }
        }
    }

    private static int longMagnitudeBytes(long value) {
        long magnitude = Math.abs(value);
        return (64 - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    }

    /** Bytes of |value|, without computing |value| (for a negative power of two it is one bit more than bitLength). */
    private static int magnitudeBytes(BigInteger value) {
        int bits = value.bitLength();
        if (value.signum() < 0 && value.getLowestSetBit() == bits) {
            bits++;
        }
        return (bits + 7) / 8;
    }

    private static void writeBig(BigInteger value, OutputBuffer out) {
        int digits = magnitudeBytes(value);
        if (digits <= 0xFF) {
            out.writeByte(SMALL_BIG_EXT);
            out.writeByte(digits);
        } else {
            out.writeByte(LARGE_BIG_EXT);
            out.writeInt(digits);
        }
        boolean negative = value.signum() < 0;
        out.writeByte(negative ? 1 : 0);
        // Two's complement, big-endian; the digits are the magnitude, little-endian.
        byte[] twos = value.toByteArray();
        int carry = 1;
        out.ensureRoom(digits);
        for (int i = 0; i < digits; i++) {
            int b = twos[twos.length - 1 - i] & 0xFF;
            if (negative) {
                b = (~b & 0xFF) + carry;
                carry = b >>> 8;
            }
            out.writeByte(b);
        }
    }

    /** OTP writes a proper list of 1..65535 integers in 0..255 as STRING_EXT. */
    private static boolean isByteString(ErlList list) {
        int size = list.size();
        if (!list.isProper() || size > MAX_STRING_EXT_LENGTH) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!(list.get(i) instanceof Int(long value)) || value < 0 || value > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void writeByteString(ErlList list, OutputBuffer out) {
        int size = list.size();
        out.writeByte(STRING_EXT);
        out.writeShort(size);
        out.ensureRoom(size);
        for (int i = 0; i < size; i++) {
            out.writeByte((int) ((Int) list.get(i)).value());
        }
    }
}
