package io.beamlink.term;

import static io.beamlink.term.EtfTag.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;

/**
 * One decoding pass over a byte range: the state {@link TermDecoder} needs for a single call.
 *
 * <p>A container is read straight into its array, and so are the containers in it up to
 * {@value #MAX_RECURSION} levels, by bounded recursion; deeper ones are decoded on an explicit
 * stack of open containers, so hostile nesting costs heap (bounded by the depth limit) and only
 * a few kilobytes of the thread stack. Every
 * length is checked against the bytes that remain before anything is allocated, and so is the
 * number of terms all open containers still wait for (each takes at least one byte), so
 * nested containers cannot claim more slots than the input could fill.
 */
final class TermReader {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** OTP refuses integers beyond about 2^25 bits; this bound keeps BigInteger far from its own limit. */
    static final int MAX_BIG_DIGITS = 1 << 24;
    /** Arity, Uniq, Index and NumFree: the fixed fields after Size in NEW_FUN_EXT. */
    private static final int FUN_FIXED_FIELDS = 1 + 16 + 4 + 4;
    /** A FLOAT_EXT string is at most 30 characters and a NUL in its 31 bytes. */
    private static final int FLOAT_EXT_LENGTH = 31;

    private static final int TUPLE = 0;
    private static final int LIST = 1;
    private static final int LIST_TAIL = 2;
    private static final int MAP = 3;
    private static final int FUN = 4;
    private static final int INITIAL_STACK = 4;
    /** Containers read by recursion inside one another (each a few hundred bytes of thread stack). */
    private static final int MAX_RECURSION = 8;
    /** Up to this many keys, duplicates are found by comparing each key with the earlier ones. */
    private static final int MAX_LINEAR_KEY_CHECK = 8;

    private final TermDecoder decoder;
    private final AtomDecodeCache atomCache;
    private byte[] in;
    private int end;
    /** Added to an index into {@link #in} to give the offset reported in exceptions. */
    private long offsetShift;
    private Atom[] atomCacheRefs;
    private int pos;
    private int atomCacheRefsUsed;

    /** Containers being read by {@link #readContainerElement}'s recursion: open, but not on the stack. */
    private int recursion;
    /** The open containers, innermost at depth - 1; frames are reused as containers close. */
    private Frame[] stack;
    private int depth;
    /** Terms the open containers still need, besides the one being read now. */
    private long pending;

    /** An open container. */
    private static final class Frame {
        int kind;
        int filled;
        int count;
        /** MAP: where the key being read started, for the duplicate-key message. */
        int keyOffset;
        /** TUPLE, LIST, FUN: the elements; MAP: keys and values, alternating. */
        Term[] items;
        /** MAP: the keys so far, when there are too many to compare one by one; FUN: its fields. */
        Object extra;
    }

    /** The fields of a NEW_FUN_EXT whose free variables are being read. */
    private record PendingFun(Atom module, int arity, int oldIndex, long oldUniq, Pid pid,
                              int sizeOffset, long end, int atomCacheRefsUsedBefore) {
    }

    /** Large binaries become views of {@code in}, which the caller therefore must not modify. */
    TermReader(TermDecoder decoder, byte[] in, int start, int end, long offsetShift, Atom[] atomCacheRefs) {
        this(decoder);
        reset(in, start, end, offsetShift, atomCacheRefs);
    }

    /** A reader with nothing to read yet, for {@link #reset} to point at one input after another. */
    TermReader(TermDecoder decoder) {
        this.decoder = decoder;
        this.atomCache = decoder.atomCache();
    }

    /** Starts over on new input, after {@link #release()}. */
    void reset(byte[] in, int start, int end, long offsetShift, Atom[] atomCacheRefs) {
        this.in = in;
        this.pos = start;
        this.end = end;
        this.offsetShift = offsetShift;
        this.atomCacheRefs = atomCacheRefs;
        depth = 0;
        recursion = 0;
        pending = 0;
        atomCacheRefsUsed = 0;
    }

    /**
     * Drops the references to the input, including terms in frames a failed read left open
     * (their binaries may share the input), so a reader kept for later does not keep a large
     * input alive.
     */
    void release() {
        for (int i = 0; i < depth; i++) {
            stack[i].items = null;
            stack[i].extra = null;
        }
        depth = 0;
        in = null;
        atomCacheRefs = null;
    }

    int position() {
        return pos;
    }

    /** The version byte 131, then one term, possibly compressed. */
    Term readVersionedTerm() throws TermDecodeException {
        int versionOffset = pos;
        int version = u8("the version byte");
        if (version != VERSION) {
            throw error("expected the version byte 131, got " + version, versionOffset);
        }
        if (pos < end && (in[pos] & 0xFF) == COMPRESSED) {
            return readCompressed();
        }
        return readTerm();
    }

    private Term readCompressed() throws TermDecodeException {
        int tagOffset = pos++;
        need(4, tagOffset);
        long declared = u32();
        Inflation inflation = Inflation.inflate(in, pos, end, declared, decoder.maxDecompressedSize(), tagOffset + offsetShift);
        TermReader inner = new TermReader(decoder, inflation.bytes(), 0, inflation.bytes().length, 0, null);
        Term term;
        try {
            term = inner.readTerm();
            if (inner.pos != inflation.bytes().length) {
                throw inner.error((inflation.bytes().length - inner.pos) + " bytes follow the term", inner.pos);
            }
        } catch (TermDecodeException e) {
            throw new TermDecodeException(e.getMessage() + " of the data inflated from the compressed term", tagOffset + offsetShift, e);
        }
        pos = inflation.inputEnd();
        return term;
    }

    /** One term without the version byte. */
    Term readTerm() throws TermDecodeException {
        return readUntilDepth(depth);
    }

    /** One term, for which containers may be opened on the stack; it is whole when the stack is back at {@code baseDepth}. */
    private Term readUntilDepth(int baseDepth) throws TermDecodeException {
        for (;;) {
            Term value = readItem();
            while (value != null) {
                if (depth == baseDepth) {
                    return value;
                }
                value = addToInnermost(value);
            }
        }
    }

    /**
     * The element at the read position, which opens a container, read whole by recursion; null
     * (and nothing read) when {@value #MAX_RECURSION} containers are being read that way already,
     * so the thread stack stays bounded and the caller opens a frame instead. Most messages are
     * that shallow, so they need no frames.
     *
     * @param slotsAfter the terms the container being read still needs after this element,
     *                   counted as pending while the element is read
     */
    private Term readContainerElement(long slotsAfter) throws TermDecodeException {
        if (recursion == MAX_RECURSION) {
            return null;
        }
        recursion++;
        pending += slotsAfter;
        Term element = readUntilDepth(depth);
        pending -= slotsAfter;
        recursion--;
        return element;
    }

    /**
     * A term that holds no other term, or null after opening a container, whose first element
     * comes next. Small integers and UTF-8 atoms, most of the leaves in messages, are read here;
     * this method is small enough for the JIT to inline into the element loops, where the full
     * switch of {@link #readAnyItem} is a call per element.
     */
    private Term readItem() throws TermDecodeException {
        int tagOffset = pos;
        if (tagOffset < end) {
            int tag = in[tagOffset] & 0xFF;
            if (tag == SMALL_INTEGER_EXT && end - tagOffset >= 2) {
                pos = tagOffset + 2;
                return Int.of(in[tagOffset + 1] & 0xFF);
            }
            if (tag == SMALL_ATOM_UTF8_EXT && end - tagOffset >= 2) {
                int start = tagOffset + 2;
                int length = in[tagOffset + 1] & 0xFF;
                if (length <= end - start) {
                    Atom atom = atomCache.find(in, start, length, false);
                    if (atom == null) {
                        // Decoded here (from pos), not by readAnyItem, which would look it up again.
                        pos = start;
                        atom = decodeAtomText(SMALL_ATOM_UTF8_EXT, tagOffset, length, false);
                    }
                    pos = start + length;
                    return atom;
                }
            }
        }
        // Everything else, including input that is cut short.
        return readAnyItem();
    }

    /** {@link #readItem} for every tag. */
    private Term readAnyItem() throws TermDecodeException {
        // Loops only past empty LIST_EXT headers, whose value is their tail.
        for (;;) {
            int tagOffset = pos;
            int tag = u8("a term");
            switch (tag) {
                case SMALL_INTEGER_EXT -> {
                    need(1, tagOffset);
                    return Int.of(in[pos++] & 0xFF);
                }
                case INTEGER_EXT -> {
                    need(4, tagOffset);
                    return Int.of(s32());
                }
                case SMALL_BIG_EXT -> {
                    need(1, tagOffset);
                    return readBig(in[pos++] & 0xFF, tagOffset);
                }
                case LARGE_BIG_EXT -> {
                    need(4, tagOffset);
                    long digits = u32();
                    if (digits > MAX_BIG_DIGITS) {
                        throw error("LARGE_BIG_EXT of " + digits + " bytes exceeds the limit of " + MAX_BIG_DIGITS, tagOffset);
                    }
                    return readBig((int) digits, tagOffset);
                }
                case NEW_FLOAT_EXT -> {
                    need(8, tagOffset);
                    double value = Double.longBitsToDouble((long) LONG.get(in, pos));
                    if (!Double.isFinite(value)) {
                        throw error("NEW_FLOAT_EXT holds " + value + ", but Erlang floats are finite", tagOffset);
                    }
                    pos += 8;
                    return new ErlFloat(value);
                }
                case FLOAT_EXT -> {
                    return readFloatString(tagOffset);
                }
                case ATOM_EXT, SMALL_ATOM_EXT, ATOM_UTF8_EXT, SMALL_ATOM_UTF8_EXT, ATOM_CACHE_REF -> {
                    return readAtom(tag, tagOffset);
                }
                case SMALL_TUPLE_EXT, LARGE_TUPLE_EXT -> {
                    long arity;
                    if (tag == SMALL_TUPLE_EXT) {
                        need(1, tagOffset);
                        arity = in[pos++] & 0xFF;
                    } else {
                        need(4, tagOffset);
                        arity = u32();
                    }
                    if (arity == 0) {
                        return Tuple.EMPTY;
                    }
                    checkRoom(arity, arity, tagOffset);
                    Term[] elements = new Term[(int) arity];
                    int read = readElements(elements, (int) arity, 0);
                    if (read == arity) {
                        return Tuple.adopt(elements);
                    }
                    open(TUPLE, arity, arity - read, elements, read);
                    return null;
                }
                case NIL_EXT -> {
                    return Nil.NIL;
                }
                case STRING_EXT -> {
                    return readString(tagOffset);
                }
                case LIST_EXT -> {
                    need(4, tagOffset);
                    long length = u32();
                    if (length == 0) {
                        continue;
                    }
                    checkRoom(length, length + 1, tagOffset);
                    Term[] elements = new Term[(int) length];
                    int read = readElements(elements, (int) length, 1);
                    if (read == length && pos < end && in[pos] == NIL_EXT) {
                        pos++;
                        return ErlList.adopt(elements, Nil.NIL);
                    }
                    Frame list = open(LIST, length, length - read + 1, elements, read);
                    return read == length ? readListTail(list) : null;
                }
                case BINARY_EXT -> {
                    need(4, tagOffset);
                    long length = u32();
                    need(length, tagOffset);
                    return readBinaryBytes((int) length);
                }
                case BIT_BINARY_EXT -> {
                    return readBitBinary(tagOffset);
                }
                case MAP_EXT -> {
                    need(4, tagOffset);
                    long arity = u32();
                    if (arity == 0) {
                        return ErlMap.EMPTY;
                    }
                    checkRoom(2 * arity, 2 * arity, tagOffset);
                    Term[] keysAndValues = new Term[(int) (2 * arity)];
                    HashSet<Term> keys = arity > MAX_LINEAR_KEY_CHECK ? HashSet.newHashSet((int) arity) : null;
                    // As readElements, checking each key as it comes.
                    int read = 0;
                    int keyOffset = pos;
                    while (read < keysAndValues.length && pos < end) {
                        boolean isKey = (read & 1) == 0;
                        if (isKey) {
                            keyOffset = pos;
                        }
                        Term item = opensContainer(in[pos] & 0xFF)
                                ? readContainerElement(keysAndValues.length - read - 1)
                                : readItem();
                        if (item == null) {
                            break;
                        }
                        if (isKey && isDuplicateKey(keysAndValues, read, keys, item)) {
                            throw error("MAP_EXT has this key twice", keyOffset);
                        }
                        keysAndValues[read++] = item;
                    }
                    if (read == keysAndValues.length) {
                        return ErlMap.adopt(keysAndValues);
                    }
                    Frame map = open(MAP, 2 * arity, 2 * arity - read, keysAndValues, read);
                    map.extra = keys;
                    map.keyOffset = (read & 1) == 0 ? pos : keyOffset;
                    return null;
                }
                case NEW_PID_EXT, PID_EXT -> {
                    return readPid(tag, tagOffset);
                }
                case NEW_PORT_EXT, PORT_EXT, V4_PORT_EXT -> {
                    return readPort(tag, tagOffset);
                }
                case NEWER_REFERENCE_EXT, NEW_REFERENCE_EXT, REFERENCE_EXT -> {
                    return readRef(tag, tagOffset);
                }
                case EXPORT_EXT -> {
                    Atom module = readAtomField("module", EXPORT_EXT);
                    Atom function = readAtomField("function", EXPORT_EXT);
                    int arityOffset = pos;
                    long arity = readSmallInteger("the arity of EXPORT_EXT");
                    if (arity < 0 || arity > 255) {
                        throw error("EXPORT_EXT arity " + arity + " is outside 0..255", arityOffset);
                    }
                    return new ExportFun(module, function, (int) arity);
                }
                case NEW_FUN_EXT -> {
                    return readFunHead(tagOffset);
                }
                case FUN_EXT -> throw error("FUN_EXT (117) is the fun encoding OTP removed in OTP 23; the sender is too old", tagOffset);
                case LOCAL_EXT -> throw error("LOCAL_EXT (121) is only meaningful to the node that encoded it "
                        + "(term_to_binary(T, [local])) and cannot be decoded elsewhere", tagOffset);
                case COMPRESSED -> throw error("a compressed term (tag 80) may only follow the version byte", tagOffset);
                default -> throw error(EtfTag.describe(tag) + " is not a term tag", tagOffset);
            }
        }
    }

    /**
     * Fails unless {@code slots} more terms (each at least a byte), together with the terms that
     * enclosing containers still wait for, fit in the bytes that remain; checked before allocating.
     */
    private void checkRoom(long count, long slots, int tagOffset) throws TermDecodeException {
        if (depth + recursion >= decoder.maxDepth()) {
            throw error("terms nest deeper than the limit of " + decoder.maxDepth(), tagOffset);
        }
        long room = end - pos;
        if (slots + pending > room) {
            throw error(EtfTag.describe(in[tagOffset] & 0xFF) + " declares " + count + " elements, but only " + room
                    + " bytes remain for them" + (pending > 0 ? " and " + pending + " terms of enclosing containers" : ""),
                    tagOffset);
        }
    }

    /**
     * Reads elements into {@code elements} without opening a frame for their container: leaves,
     * and containers while {@link #readContainerElement} may recurse; returns how many it read
     * (all, unless a container comes that needs a frame, or the input ends).
     *
     * @param slotsAfterLast terms the container needs after its last element (1 for a list's tail)
     */
    private int readElements(Term[] elements, int count, int slotsAfterLast) throws TermDecodeException {
        int read = 0;
        while (read < count && pos < end) {
            Term element = opensContainer(in[pos] & 0xFF)
                    ? readContainerElement(count - read - 1 + slotsAfterLast)
                    : readItem();
            if (element == null) {
                break;
            }
            elements[read++] = element;
        }
        return read;
    }

    /** Tags that {@link #readItem} may answer by opening a container (an empty LIST_EXT reads on into its tail). */
    private static boolean opensContainer(int tag) {
        return tag == SMALL_TUPLE_EXT || tag == LARGE_TUPLE_EXT || tag == LIST_EXT || tag == MAP_EXT || tag == NEW_FUN_EXT;
    }

    /**
     * Opens a container whose {@code elements} (allocated after {@link #checkRoom}) are filled up
     * to {@code filled}: {@code slots} terms are still to read (elements, plus the tail of a
     * list), of which the first comes next.
     */
    private Frame open(int kind, long count, long slots, Term[] elements, int filled) {
        if (stack == null) {
            stack = new Frame[INITIAL_STACK];
        } else if (depth == stack.length) {
            stack = Arrays.copyOf(stack, Math.min(2 * stack.length, decoder.maxDepth()));
        }
        Frame frame = stack[depth];
        if (frame == null) {
            frame = new Frame();
            stack[depth] = frame;
        }
        frame.kind = kind;
        frame.count = (int) count;
        frame.items = elements;
        frame.filled = filled;
        depth++;
        pending += slots - 1;
        return frame;
    }

    /** Hands a finished term to the innermost open container; returns that container when it is complete, else null. */
    private Term addToInnermost(Term value) throws TermDecodeException {
        Frame frame = stack[depth - 1];
        switch (frame.kind) {
            case TUPLE, FUN -> {
                frame.items[frame.filled++] = value;
                if (frame.filled < frame.count) {
                    pending--;
                    return null;
                }
                Term[] elements = frame.items;
                Object fun = frame.extra;
                close(frame);
                return frame.kind == TUPLE ? Tuple.adopt(elements) : finishFun((PendingFun) fun, elements);
            }
            case MAP -> {
                @SuppressWarnings("unchecked")
                HashSet<Term> keys = (HashSet<Term>) frame.extra;
                if ((frame.filled & 1) == 0 && isDuplicateKey(frame.items, frame.filled, keys, value)) {
                    throw error("MAP_EXT has this key twice", frame.keyOffset);
                }
                frame.items[frame.filled++] = value;
                if (frame.filled < frame.count) {
                    pending--;
                    if ((frame.filled & 1) == 0) {
                        frame.keyOffset = pos;
                    }
                    return null;
                }
                Term[] keysAndValues = frame.items;
                close(frame);
                return ErlMap.adopt(keysAndValues);
            }
            case LIST -> {
                frame.items[frame.filled++] = value;
                pending--;
                return frame.filled < frame.count ? null : readListTail(frame);
            }
            case LIST_TAIL -> {
                Term[] elements = trimmed(frame);
                close(frame);
                return ErlList.adopt(elements, value);
            }
            default -> throw new IllegalStateException("container kind " + frame.kind);
        }
    }

    /**
     * Whether {@code key} is among the keys at the even indexes below {@code filled}: compared one
     * by one for small maps, looked up in {@code keys} (to which it is added) for large ones.
     */
    private static boolean isDuplicateKey(Term[] keysAndValues, int filled, HashSet<Term> keys, Term key) {
        if (keys != null) {
            return !keys.add(key);
        }
        for (int i = 0; i < filled; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Pops the innermost frame, dropping its references so a reused frame holds no old terms. */
    private void close(Frame frame) {
        frame.items = null;
        frame.extra = null;
        depth--;
    }

    private static Term[] trimmed(Frame frame) {
        Term[] elements = frame.items;
        return frame.filled == elements.length ? elements : Arrays.copyOf(elements, frame.filled);
    }

    /**
     * Reads what follows the last element of a list. A list or string there continues this list
     * ({@code [a | [b]]} is {@code [a, b]}), so each list decodes to one flat {@link ErlList}.
     * Returns the finished list, or null when more elements, or a tail of another type, come next.
     */
    private Term readListTail(Frame frame) throws TermDecodeException {
        // Each round consumes a header, so the loop ends within the input.
        for (;;) {
            int tagOffset = pos;
            int tag = u8("the tail of a list");
            switch (tag) {
                case NIL_EXT -> {
                    Term[] elements = trimmed(frame);
                    close(frame);
                    return ErlList.adopt(elements, Nil.NIL);
                }
                case STRING_EXT -> {
                    need(2, tagOffset);
                    int length = u16();
                    need(length, tagOffset);
                    ensureListRoom(frame, length);
                    for (int i = 0; i < length; i++) {
                        frame.items[frame.filled++] = Int.of(in[pos++] & 0xFF);
                    }
                    Term[] elements = trimmed(frame);
                    close(frame);
                    return ErlList.adopt(elements, Nil.NIL);
                }
                case LIST_EXT -> {
                    need(4, tagOffset);
                    long length = u32();
                    long room = end - pos;
                    if (length + 1 + pending > room) {
                        throw error("LIST_EXT (108) declares " + length + " elements, but only " + room + " bytes remain for them", tagOffset);
                    }
                    if (length > 0) {
                        ensureListRoom(frame, (int) length);
                        frame.count = frame.filled + (int) length;
                        pending += length;
                        return null;
                    }
                }
                default -> {
                    pos = tagOffset;
                    frame.kind = LIST_TAIL;
                    return null;
                }
            }
        }
    }

    /** Grows the element array of a list geometrically, so long chains of list tails stay linear. */
    private static void ensureListRoom(Frame frame, int more) {
        long needed = (long) frame.filled + more;
        if (needed > frame.items.length) {
            frame.items = Arrays.copyOf(frame.items, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * frame.items.length)));
        }
    }

    private Term readBig(int digits, int tagOffset) throws TermDecodeException {
        need(1L + digits, tagOffset);
        boolean negative = in[pos++] != 0;
        if (digits <= 8) {
            long magnitude = 0;
            for (int i = digits - 1; i >= 0; i--) {
                magnitude = (magnitude << 8) | (in[pos + i] & 0xFF);
            }
            pos += digits;
            if (magnitude >= 0) {
                return Int.of(negative ? -magnitude : magnitude);
            }
            if (negative && magnitude == Long.MIN_VALUE) {
                return Int.of(Long.MIN_VALUE);
            }
            return new BigInt(new BigInteger(negative ? -1 : 1, unsignedBytes(magnitude)));
        }
        byte[] bigEndian = new byte[digits];
        for (int i = 0; i < digits; i++) {
            bigEndian[digits - 1 - i] = in[pos + i];
        }
        pos += digits;
        return Term.integer(new BigInteger(negative ? -1 : 1, bigEndian));
    }

    private static byte[] unsignedBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    /** FLOAT_EXT: {@code "%.20e"} text, NUL-terminated within 31 bytes; OTP also wants a decimal point. */
    private Term readFloatString(int tagOffset) throws TermDecodeException {
        need(FLOAT_EXT_LENGTH, tagOffset);
        int start = pos;
        int length = 0;
        while (length < FLOAT_EXT_LENGTH && in[start + length] != 0) {
            length++;
        }
        if (length == FLOAT_EXT_LENGTH) {
            throw error("FLOAT_EXT text has no NUL terminator within its 31 bytes", tagOffset);
        }
        String text = new String(in, start, length, StandardCharsets.ISO_8859_1);
        if (!isErlangFloatText(text)) {
            throw error("FLOAT_EXT text '" + text + "' is not a float like 1.50000000000000000000e+00", tagOffset);
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw error("FLOAT_EXT text '" + text + "' is out of the range of a double", tagOffset);
        }
        pos += FLOAT_EXT_LENGTH;
        return new ErlFloat(value);
    }

    /** {@code [+-]digits.digits[(e|E)[+-]digits]}, the shape OTP accepts. */
    private static boolean isErlangFloatText(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digitsStart || i == n || text.charAt(i) != '.') {
            return false;
        }
        int fractionStart = ++i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == fractionStart) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
            return false;
        }
        i++;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int exponentStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        return i > exponentStart && i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Term readString(int tagOffset) throws TermDecodeException {
        need(2, tagOffset);
        int length = u16();
        need(length, tagOffset);
        if (length == 0) {
            return Nil.NIL;
        }
        Term[] elements = new Term[length];
        for (int i = 0; i < length; i++) {
            elements[i] = Int.of(in[pos++] & 0xFF);
        }
        return ErlList.adopt(elements, Nil.NIL);
    }

    /** The next {@code length} bytes (already checked to be there) as a binary, shared with the input when large. */
    private Binary readBinaryBytes(int length) {
        Binary binary;
        if (length == 0) {
            binary = Binary.EMPTY;
        } else if (length >= decoder.minSharedBinarySize()) {
            binary = Binary.wrap(in, pos, length);
        } else {
            binary = Binary.of(Arrays.copyOfRange(in, pos, pos + length));
        }
        pos += length;
        return binary;
    }

    private Term readBitBinary(int tagOffset) throws TermDecodeException {
        need(5, tagOffset);
        long length = u32();
        int bits = in[pos++] & 0xFF;
        need(length, tagOffset);
        if (length == 0) {
            if (bits != 0) {
                throw error("BIT_BINARY_EXT of 0 bytes must have 0 bits in its last byte, has " + bits, tagOffset);
            }
            return Binary.EMPTY;
        }
        if (bits < 1 || bits > 8) {
            throw error("BIT_BINARY_EXT has " + bits + " bits in its last byte; 1..8 allowed", tagOffset);
        }
        if (bits == 8) {
            return readBinaryBytes((int) length);
        }
        byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return new BitString(bytes, bits);
    }

    /** An atom that is a field ({@code "node"}, {@code "module"}...) of a term with tag {@code ownerTag}. */
    private Atom readAtomField(String field, int ownerTag) throws TermDecodeException {
        int tagOffset = pos;
        if (pos >= end) {
            throw error("input ends where the " + field + " of " + EtfTag.describe(ownerTag) + " should start", pos);
        }
        int tag = in[pos++] & 0xFF;
        return switch (tag) {
            case ATOM_EXT, SMALL_ATOM_EXT, ATOM_UTF8_EXT, SMALL_ATOM_UTF8_EXT, ATOM_CACHE_REF -> readAtom(tag, tagOffset);
            default -> throw error("expected an atom for the " + field + " of " + EtfTag.describe(ownerTag)
                    + ", got " + EtfTag.describe(tag), tagOffset);
        };
    }

    private Atom readAtom(int tag, int tagOffset) throws TermDecodeException {
        if (tag == ATOM_CACHE_REF) {
            return readAtomCacheRef(tagOffset);
        }
        int length;
        if (tag == SMALL_ATOM_UTF8_EXT || tag == SMALL_ATOM_EXT) {
            need(1, tagOffset);
            length = in[pos++] & 0xFF;
        } else {
            need(2, tagOffset);
            length = u16();
        }
        need(length, tagOffset);
        boolean latin1 = tag == ATOM_EXT || tag == SMALL_ATOM_EXT;
        Atom atom = atomCache.find(in, pos, length, latin1);
        if (atom == null) {
            atom = decodeAtomText(tag, tagOffset, length, latin1);
        }
        pos += length;
        return atom;
    }

    private Atom decodeAtomText(int tag, int tagOffset, int length, boolean latin1) throws TermDecodeException {
        boolean ascii = true;
        for (int i = pos, stop = pos + length; i < stop; i++) {
            if (in[i] < 0) {
                ascii = false;
                break;
            }
        }
        String name;
        if (ascii || latin1) {
            if (length > Atom.MAX_CHARS) {
                throw error(EtfTag.describe(tag) + " has " + length + " characters; atoms have at most " + Atom.MAX_CHARS, tagOffset);
            }
            name = new String(in, pos, length, StandardCharsets.ISO_8859_1);
        } else {
            int characters = utf8Characters(pos, length);
            if (characters > Atom.MAX_CHARS) {
                throw error(EtfTag.describe(tag) + " has " + characters + " characters; atoms have at most " + Atom.MAX_CHARS, tagOffset);
            }
            name = new String(in, pos, length, StandardCharsets.UTF_8);
        }
        Atom atom = Atom.of(name);
        atomCache.store(in, pos, length, latin1, ascii, atom);
        return atom;
    }

    /** Counts the characters of well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past U+10FFFF). */
    private int utf8Characters(int start, int length) throws TermDecodeException {
        int i = start;
        int stop = start + length;
        int characters = 0;
        while (i < stop) {
            int b = in[i] & 0xFF;
            int continuation;
            int min = 0x80;
            int max = 0xBF;
            if (b < 0x80) {
                continuation = 0;
            } else if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                if (b == 0xE0) {
                    min = 0xA0;
                } else if (b == 0xED) {
                    max = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                if (b == 0xF0) {
                    min = 0x90;
                } else if (b == 0xF4) {
                    max = 0x8F;
                }
            } else {
                throw error("invalid UTF-8 in an atom: byte 0x" + Integer.toHexString(b) + " cannot start a character", i);
            }
            if (continuation > stop - i - 1) {
                throw error("invalid UTF-8 in an atom: the text ends inside a character", i);
            }
            for (int k = 1; k <= continuation; k++) {
                int c = in[i + k] & 0xFF;
                if (c < (k == 1 ? min : 0x80) || c > (k == 1 ? max : 0xBF)) {
                    throw error("invalid UTF-8 in an atom: byte 0x" + Integer.toHexString(c) + " cannot continue the character", i + k);
                }
            }
            i += 1 + continuation;
            characters++;
        }
        return characters;
    }

    private Atom readAtomCacheRef(int tagOffset) throws TermDecodeException {
        need(1, tagOffset);
        int index = in[pos++] & 0xFF;
        if (atomCacheRefs == null) {
            throw error("ATOM_CACHE_REF (82) outside a distribution header that defines atom cache references", tagOffset);
        }
        if (index >= atomCacheRefs.length || atomCacheRefs[index] == null) {
            throw error("ATOM_CACHE_REF index " + index + " is not among the " + atomCacheRefs.length
                    + " atom cache references of the distribution header", tagOffset);
        }
        atomCacheRefsUsed++;
        return atomCacheRefs[index];
    }

    /** An integer in SMALL_INTEGER_EXT or INTEGER_EXT, where the format has a number field as a term. */
    private long readSmallInteger(String role) throws TermDecodeException {
        int tagOffset = pos;
        int tag = u8(role);
        if (tag == SMALL_INTEGER_EXT) {
            need(1, tagOffset);
            return in[pos++] & 0xFF;
        }
        if (tag == INTEGER_EXT) {
            need(4, tagOffset);
            return s32();
        }
        throw error("expected SMALL_INTEGER_EXT or INTEGER_EXT for " + role + ", got " + EtfTag.describe(tag), tagOffset);
    }

    private Pid readPid(int tag, int tagOffset) throws TermDecodeException {
        Atom node = readAtomField("node", tag);
        boolean legacy = tag == PID_EXT;
        need(legacy ? 9 : 12, tagOffset);
        int id = s32();
        int serial = s32();
        int creation = legacy ? in[pos++] & 0xFF : s32();
        return new Pid(node, id, serial, creation);
    }

    private Port readPort(int tag, int tagOffset) throws TermDecodeException {
        Atom node = readAtomField("node", tag);
        return switch (tag) {
            case V4_PORT_EXT -> {
                need(12, tagOffset);
                long id = (long) LONG.get(in, pos);
                pos += 8;
                yield new Port(node, id, s32());
            }
            case NEW_PORT_EXT -> {
                need(8, tagOffset);
                long id = u32();
                yield new Port(node, id, s32());
            }
            default -> {
                need(5, tagOffset);
                long id = u32();
                yield new Port(node, id, in[pos++] & 0xFF);
            }
        };
    }

    private Ref readRef(int tag, int tagOffset) throws TermDecodeException {
        int count = 1;
        if (tag != REFERENCE_EXT) {
            need(2, tagOffset);
            count = u16();
            if (count < 1 || count > Ref.MAX_IDS) {
                throw error(EtfTag.describe(tag) + " has " + count + " id words; 1.." + Ref.MAX_IDS + " allowed", tagOffset);
            }
        }
        Atom node = readAtomField("node", tag);
        boolean wideCreation = tag == NEWER_REFERENCE_EXT;
        need((wideCreation ? 4 : 1) + 4L * count, tagOffset);
        int creation;
        int[] ids = new int[count];
        if (tag == REFERENCE_EXT) {
            ids[0] = s32();
            creation = in[pos++] & 0xFF;
        } else {
            creation = wideCreation ? s32() : in[pos++] & 0xFF;
            for (int i = 0; i < count; i++) {
                ids[i] = s32();
            }
        }
        return new Ref(node, creation, ids);
    }

    /**
     * NEW_FUN_EXT up to its free variables: Size (which counts itself), Arity, Uniq, Index,
     * NumFree, Module, OldIndex, OldUniq, Pid. Returns the fun when it has no free variables,
     * else opens a container for them.
     */
    private Term readFunHead(int tagOffset) throws TermDecodeException {
        int sizeOffset = pos;
        need(4, tagOffset);
        long size = u32();
        long available = end - sizeOffset;
        if (size < 4 + FUN_FIXED_FIELDS) {
            throw error("NEW_FUN_EXT Size " + size + " is smaller than its fixed fields", tagOffset);
        }
        if (size > available) {
            throw error("NEW_FUN_EXT Size " + size + " exceeds the " + available + " bytes that remain", tagOffset);
        }
        int arity = in[pos] & 0xFF;
        pos += FUN_FIXED_FIELDS - 4;
        long freeCount = u32();
        int refsBefore = atomCacheRefsUsed;
        Atom module = readAtomField("module", NEW_FUN_EXT);
        long oldIndex = readSmallInteger("OldIndex of NEW_FUN_EXT");
        long oldUniq = readSmallInteger("OldUniq of NEW_FUN_EXT");
        int pidOffset = pos;
        int pidTag = u8("the pid of NEW_FUN_EXT");
        if (pidTag != NEW_PID_EXT && pidTag != PID_EXT) {
            throw error("expected a pid in NEW_FUN_EXT, got " + EtfTag.describe(pidTag), pidOffset);
        }
        Pid pid = readPid(pidTag, pidOffset);
        PendingFun fun = new PendingFun(module, arity, (int) oldIndex, oldUniq, pid, sizeOffset, sizeOffset + size, refsBefore);
        if (freeCount == 0) {
            return finishFun(fun, new Term[0]);
        }
        checkRoom(freeCount, freeCount, tagOffset);
        open(FUN, freeCount, freeCount, new Term[(int) freeCount], 0).extra = fun;
        return null;
    }

    private Fun finishFun(PendingFun fun, Term[] freeVars) throws TermDecodeException {
        if (pos != fun.end()) {
            throw error("NEW_FUN_EXT Size says " + (fun.end() - fun.sizeOffset()) + " bytes, but its fields take "
                    + (pos - fun.sizeOffset()), fun.sizeOffset() - 1);
        }
        byte[] encoded = atomCacheRefsUsed == fun.atomCacheRefsUsedBefore()
                ? Arrays.copyOfRange(in, fun.sizeOffset(), pos)
                : canonicalFunBytes(fun, freeVars);
        return new Fun(fun.module(), fun.arity(), fun.oldIndex(), fun.oldUniq(), encoded);
    }

    /** The fun's bytes with its atoms written out, for a fun whose atoms came from a connection's atom cache. */
    private byte[] canonicalFunBytes(PendingFun fun, Term[] freeVars) {
        OutputBuffer out = new OutputBuffer(pos - fun.sizeOffset() + 256);
        out.writeInt(0);
        out.writeBytes(in, fun.sizeOffset() + 4, FUN_FIXED_FIELDS);
        TermEncoder.encodeBody(fun.module(), out);
        TermEncoder.encodeBody(Int.of(fun.oldIndex()), out);
        TermEncoder.encodeBody(Int.of(fun.oldUniq()), out);
        TermEncoder.encodeBody(fun.pid(), out);
        for (Term freeVar : freeVars) {
            TermEncoder.encodeBody(freeVar, out);
        }
        out.putInt(0, out.size());
        return out.toByteArray();
    }

    private int u8(String what) throws TermDecodeException {
        if (pos >= end) {
            throw error("input ends where " + what + " should start", pos);
        }
        return in[pos++] & 0xFF;
    }

    private int u16() {
        int value = (short) SHORT.get(in, pos) & 0xFFFF;
        pos += 2;
        return value;
    }

    private int s32() {
        int value = (int) INT.get(in, pos);
        pos += 4;
        return value;
    }

    private long u32() {
        return s32() & 0xFFFF_FFFFL;
    }

    /** Fails unless {@code count} more bytes are there, naming the term that wanted them. */
    private void need(long count, int tagOffset) throws TermDecodeException {
        if (count > end - pos) {
            throw error(EtfTag.describe(in[tagOffset] & 0xFF) + " is cut short: it needs " + count
                    + " more bytes at offset " + (pos + offsetShift) + ", but " + (end - pos) + " remain", tagOffset);
        }
    }

    TermDecodeException error(String problem, int index) {
        return new TermDecodeException(problem, index + offsetShift);
    }
}
