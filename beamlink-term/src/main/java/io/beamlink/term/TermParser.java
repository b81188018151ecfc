package io.beamlink.term;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one term written in Erlang syntax, the inverse of {@link TermPrinter}: what a printer
 * prints, a parser reads back as an equal term (pids, ports, references and local funs only
 * in the printer's exact mode, since the normal form lacks node names and creations).
 *
 * <p>Accepted: integers ({@code 42}, {@code -7}, {@code 16#FF}, {@code 1_000}, {@code $a},
 * any size), floats ({@code 1.0}, {@code -0.0}, {@code 1.5e-3}), atoms (bare or quoted, with
 * escapes), strings ({@code "abc"}, adjacent strings joined) as lists of character codes,
 * tuples, lists (also improper, {@code [a|b]}), maps ({@code #{k => v}}), binaries and
 * bitstrings ({@code <<1,2,3>>}, {@code <<"abc">>}, {@code <<"é"/utf8>>}, {@code <<1:3>>}:
 * segments are integers, characters or strings with an optional {@code :Size} in bits (1..256)
 * and type specifiers {@code integer}, {@code utf8}, {@code signed}, {@code unsigned},
 * {@code big}), {@code fun M:F/A}, and the exact forms {@code <'node'.Id.Serial.Creation>},
 * {@code #Port<'node'.Id.Creation>}, {@code #Ref<'node'.Ids....Creation>} and
 * {@code #Fun<'Module'.Index.Uniq.<<Bytes>>>} described at {@link TermPrinter}. White space
 * and {@code %} comments may appear between tokens; a final {@code .} is allowed.
 *
 * <p>Unlike the Erlang compiler, which truncates silently, a binary segment whose value does
 * not fit its size, or a string character above 255 without {@code /utf8}, is an error.
 *
 * <p>Hostile text cannot exhaust the stack or memory: nesting depth and integer length are
 * limited (see {@link Builder}), and every error is a {@link TermParseException} that says
 * what was expected where. Instances are immutable and thread-safe.
 */
public final class TermParser {
    /** The ETF decoder's default, so that any term it decodes and a printer prints parses back. */
    public static final int DEFAULT_MAX_DEPTH = TermDecoder.DEFAULT_MAX_DEPTH;
    public static final int DEFAULT_MAX_INTEGER_DIGITS = 100_000;
    static final int MAX_SEGMENT_BITS = 256;

    private static final TermParser STANDARD = builder().build();
    private static final BigInteger MAX_U32 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MAX_FUN_NUMBER = BigInteger.valueOf(Long.MAX_VALUE);

    private final int maxDepth;
    private final LiteralScanner literals;

    private TermParser(Builder builder) {
        this.maxDepth = builder.maxDepth;
        this.literals = new LiteralScanner(builder.maxIntegerDigits);
    }

    public static TermParser standard() {
        return STANDARD;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads one term with the {@linkplain #standard() standard} parser. */
    public static Term parse(String text) throws TermParseException {
        return STANDARD.read(text);
    }

    /** Reads one term: the whole text, except blanks, comments and a final '.'. */
    public Term read(String text) throws TermParseException {
        TextCursor in = new TextCursor(Objects.requireNonNull(text, "text"));
        in.skipBlank();
        if (in.atEnd()) {
            throw in.expected("a term");
        }
        Term term = term(in);
        in.skipBlank();
        if (in.skipIf('.')) {
            in.skipBlank();
        }
        if (!in.atEnd()) {
            throw in.expected("end of input after the term");
        }
        return term;
    }

    /**
     * A term at the cursor (blanks already skipped). Containers are kept on an explicit stack
     * rather than by recursion, so nesting depth costs heap, not thread stack.
     */
    private Term term(TextCursor in) throws TermParseException {
        Deque<OpenContainer> open = new ArrayDeque<>();
        while (true) {
            Term value = openContainerOrReadScalar(in, open);
            while (value != null) {
                OpenContainer innermost = open.peek();
                if (innermost == null) {
                    return value;
                }
                in.skipBlank();
                value = innermost.accept(value, in);
                if (value != null) {
                    open.pop();
                }
            }
            in.skipBlank();
        }
    }

    /**
     * Reads a term without parts, or an empty container, or opens a container and returns
     * null: its first element comes next.
     */
    private Term openContainerOrReadScalar(TextCursor in, Deque<OpenContainer> open) throws TermParseException {
        Container kind = switch (in.peek()) {
            case '{' -> Container.TUPLE;
            case '[' -> Container.LIST;
            case '#' -> in.peek(1) == '{' ? Container.MAP : null;
            default -> null;
        };
        if (kind == null) {
            return scalar(in);
        }
        if (open.size() >= maxDepth) {
            throw in.error("terms nested deeper than " + maxDepth + " levels");
        }
        in.skipIf(kind.opener);
        in.skipBlank();
        if (in.skipIf(kind.closer)) {
            return kind.empty;
        }
        open.push(new OpenContainer(kind));
        return null;
    }

    /** A term that is not a tuple, list or map. */
    private Term scalar(TextCursor in) throws TermParseException {
        int c = in.peek();
        if (LiteralScanner.isDigit(c, 10)) {
            return literals.number(in, false);
        }
        if (AtomSyntax.isNameStart(c)) {
            return bareWord(in);
        }
        return switch (c) {
            case '-', '+' -> signedNumber(in);
            case '$' -> Int.of(LiteralScanner.character(in));
            case '\'' -> atom(in);
            case '"' -> ErlList.charlist(strings(in));
            case '#' -> hashForm(in);
            case '<' -> in.peek(1) == '<' ? bits(in) : pid(in);
            default -> {
                if (c >= 'A' && c <= 'Z' || c == '_') {
                    int start = in.position();
                    throw in.errorAt(start, "variables are not terms: " + LiteralScanner.name(in));
                }
                throw in.expected("a term");
            }
        };
    }

    private enum Container {
        TUPLE("{", '}', Tuple.EMPTY), LIST("[", ']', Nil.NIL), MAP("#{", '}', ErlMap.EMPTY);

        final String opener;
        final char closer;
        final Term empty;

        Container(String opener, char closer, Term empty) {
            this.opener = opener;
            this.closer = closer;
            this.empty = empty;
        }
    }

    /** A tuple, list or map whose elements are being read. */
    private static final class OpenContainer {
        private final Container kind;
        private final List<Term> elements = new ArrayList<>();
        private final Map<Term, Term> entries;
        private Term pendingKey;
        private boolean readingTail;

        OpenContainer(Container kind) {
            this.kind = kind;
            this.entries = kind == Container.MAP ? new LinkedHashMap<>() : null;
        }

        /**
         * Takes the next element, then reads the separator after it (blanks skipped) and
         * returns the finished container at its closer, or null when another element follows.
         */
        Term accept(Term value, TextCursor in) throws TermParseException {
            switch (kind) {
                case TUPLE -> {
                    elements.add(value);
                    if (in.skipIf('}')) {
                        return Tuple.of(elements);
                    }
                    in.expect(',', "',' or '}' in the tuple");
                }
                case LIST -> {
                    if (readingTail) {
                        in.expect(']', "']' after the tail of the list");
                        return ErlList.of(elements, value);
                    }
                    elements.add(value);
                    if (in.skipIf(']')) {
                        return ErlList.of(elements);
                    }
                    if (in.skipIf('|')) {
                        readingTail = true;
                    } else {
                        in.expect(',', "',', '|' or ']' in the list");
                    }
                }
                case MAP -> {
                    if (pendingKey == null) {
                        pendingKey = value;
                        if (!in.skipIf("=>")) {
                            throw in.expected("'=>' after the map key");
                        }
                    } else {
                        entries.put(pendingKey, value);
                        pendingKey = null;
                        if (in.skipIf('}')) {
                            return ErlMap.of(entries);
                        }
                        in.expect(',', "',' or '}' in the map");
                    }
                }
            }
            return null;
        }
    }

    private Term signedNumber(TextCursor in) throws TermParseException {
        boolean negative = in.next() == '-';
        in.skipBlank();
        if (in.peek() == '$') {
            int c = LiteralScanner.character(in);
            return Int.of(negative ? -c : c);
        }
        if (!LiteralScanner.isDigit(in.peek(), 10)) {
            throw in.expected("a number after the sign");
        }
        return literals.number(in, negative);
    }

    /** A bare atom, or {@code fun M:F/A}. */
    private Term bareWord(TextCursor in) throws TermParseException {
        int start = in.position();
        String name = LiteralScanner.name(in);
        if (name.equals("fun")) {
            return exportFun(in);
        }
        return bareAtom(in, start, name);
    }

    private Atom atom(TextCursor in) throws TermParseException {
        int start = in.position();
        if (AtomSyntax.isNameStart(in.peek())) {
            return bareAtom(in, start, LiteralScanner.name(in));
        }
        if (in.peek() != '\'') {
            throw in.expected("an atom");
        }
        return atomNamed(in, start, LiteralScanner.quoted(in, '\'', "atom"));
    }

    private static Atom bareAtom(TextCursor in, int start, String name) throws TermParseException {
        if (AtomSyntax.RESERVED_WORDS.contains(name)) {
            throw in.errorAt(start, "'" + name + "' is a reserved word; write the atom quoted: '" + name + "'");
        }
        return atomNamed(in, start, name);
    }

    private static Atom atomNamed(TextCursor in, int start, String name) throws TermParseException {
        try {
            return Atom.of(name);
        } catch (IllegalArgumentException e) {
            throw in.errorAt(start, e.getMessage());
        }
    }

    /** One or more adjacent string literals, joined as Erlang does. */
    private static String strings(TextCursor in) throws TermParseException {
        StringBuilder text = new StringBuilder(LiteralScanner.quoted(in, '"', "string"));
        in.skipBlank();
        while (in.peek() == '"') {
            text.append(LiteralScanner.quoted(in, '"', "string"));
            in.skipBlank();
        }
        return text.toString();
    }

    /** {@code #Port<...>}, {@code #Ref<...>} or {@code #Fun<...>}. */
    private Term hashForm(TextCursor in) throws TermParseException {
        in.next();
        if (in.skipIf("Port<")) {
            return port(in);
        }
        if (in.skipIf("Ref<")) {
            return ref(in);
        }
        if (in.skipIf("Fun<")) {
            return fun(in);
        }
        throw in.expected("'{' of a map, or Port<, Ref< or Fun< after '#'");
    }

    /** {@code fun M:F/A}; the cursor is after "fun". */
    private Term exportFun(TextCursor in) throws TermParseException {
        in.skipBlank();
        Atom module = atom(in);
        in.skipBlank();
        in.expect(':', "':' between module and function of fun M:F/A");
        in.skipBlank();
        Atom function = atom(in);
        in.skipBlank();
        in.expect('/', "'/' before the arity of fun M:F/A");
        in.skipBlank();
        int arity = LiteralScanner.unsigned(in, BigInteger.valueOf(255), "the arity (0..255)").intValue();
        return new ExportFun(module, function, arity);
    }

    /** {@code <'node'.Id.Serial.Creation>}. */
    private Term pid(TextCursor in) throws TermParseException {
        in.next();
        Atom node = exactNode(in, "pid", "<0.113.0>", "<'a@host'.113.0.3>");
        int id = dotU32(in, "the pid's id");
        int serial = dotU32(in, "the pid's serial");
        int creation = dotU32(in, "the pid's creation");
        in.expect('>', "'>' closing the pid");
        return new Pid(node, id, serial, creation);
    }

    /** {@code #Port<'node'.Id.Creation>}; the cursor is after "#Port<". */
    private Term port(TextCursor in) throws TermParseException {
        Atom node = exactNode(in, "port", "#Port<0.7>", "#Port<'a@host'.7.3>");
        in.expect('.', "'.' before the port's id");
        long id = LiteralScanner.unsigned(in, MAX_U64, "the port's id").longValue();
        int creation = dotU32(in, "the port's creation");
        in.expect('>', "'>' closing the port");
        return new Port(node, id, creation);
    }

    /** {@code #Ref<'node'.Wn...W0.Creation>}, id words most significant first; the cursor is after "#Ref<". */
    private Term ref(TextCursor in) throws TermParseException {
        Atom node = exactNode(in, "reference", "#Ref<0.1.2.3>", "#Ref<'a@host'.1.2.3.7>");
        List<Integer> numbers = new ArrayList<>();
        while (in.peek() == '.') {
            if (numbers.size() == Ref.MAX_IDS + 1) {
                throw in.error("a reference has at most " + Ref.MAX_IDS + " id words and a creation");
            }
            numbers.add(dotU32(in, "a reference number"));
        }
        if (numbers.size() < 2) {
            throw in.expected("'.' and at least one id word and the creation in the reference");
        }
        in.expect('>', "'>' closing the reference");
        int creation = numbers.get(numbers.size() - 1);
        int[] ids = new int[numbers.size() - 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = numbers.get(ids.length - 1 - i);
        }
        return new Ref(node, creation, ids);
    }

    /**
     * {@code #Fun<'Module'.Index.Uniq.<<Bytes>>>}: the fun is rebuilt from its NEW_FUN_EXT bytes;
     * module, index and uniq must agree with them. The cursor is after "#Fun<".
     */
    private Term fun(TextCursor in) throws TermParseException {
        int start = in.position();
        Atom module = atom(in);
        in.expect('.', "'.' before the fun's index");
        long index = funNumber(in, "the fun's index");
        in.expect('.', "'.' before the fun's uniq");
        long uniq = funNumber(in, "the fun's uniq");
        if (in.peek() == '>') {
            throw in.error("a fun printed without its encoding cannot be rebuilt; "
                    + "print it in exact mode: #Fun<Module.Index.Uniq.<<Bytes>>>");
        }
        in.expect('.', "'.' before the fun's encoding <<...>>");
        int bytesAt = in.position();
        if (!in.skipIf("<<")) {
            throw in.expected("the fun's encoding <<...>>");
        }
        in.skipBlank();
        if (!(bitsAfterOpening(in) instanceof Binary encoding)) {
            throw in.errorAt(bytesAt, "the fun's encoding must be whole bytes");
        }
        in.expect('>', "'>' closing the fun");
        Fun fun = decodeFun(encoding, in, bytesAt);
        if (!fun.module().equals(module) || fun.index() != index || fun.uniq() != uniq) {
            throw in.errorAt(start, "the fun's encoding is of " + TermPrinter.print(fun)
                    + ", not of " + module.name() + "." + index + "." + uniq);
        }
        return fun;
    }

    /** OldIndex and OldUniq are integers in NEW_FUN_EXT, so they may be negative. */
    private static long funNumber(TextCursor in, String what) throws TermParseException {
        boolean negative = in.skipIf('-');
        long magnitude = LiteralScanner.unsigned(in, MAX_FUN_NUMBER, what).longValue();
        return negative ? -magnitude : magnitude;
    }

    /** Decodes NEW_FUN_EXT bytes with the ETF decoder, so a fun has one definition of its layout. */
    private static Fun decodeFun(Binary encoding, TextCursor in, int at) throws TermParseException {
        byte[] etf = new byte[encoding.size() + 2];
        etf[0] = (byte) EtfTag.VERSION;
        etf[1] = (byte) EtfTag.NEW_FUN_EXT;
        System.arraycopy(encoding.array(), encoding.arrayOffset(), etf, 2, encoding.size());
        try {
            if (TermDecoder.standard().decode(etf) instanceof Fun fun) {
                return fun;
            }
        } catch (TermDecodeException e) {
            throw in.errorAt(at, "the fun's encoding is not a valid NEW_FUN_EXT body (offsets count from the"
                    + " tag bytes 131,112 put before it): " + e.getMessage());
        }
        throw in.errorAt(at, "the fun's encoding is not a NEW_FUN_EXT body");
    }

    /** The quoted or bare node atom of an exact pid, port or reference, with a hint for the normal form. */
    private Atom exactNode(TextCursor in, String what, String normal, String exact) throws TermParseException {
        if (LiteralScanner.isDigit(in.peek(), 10)) {
            throw in.error("a " + what + " printed as " + normal + " has no node name and creation; "
                    + "print it in exact mode, as " + exact);
        }
        return atom(in);
    }

    private static int dotU32(TextCursor in, String what) throws TermParseException {
        in.expect('.', "'.' before " + what);
        return LiteralScanner.unsigned(in, MAX_U32, what).intValue();
    }

    /** {@code <<Segment, ...>>}; the cursor is at "<<". */
    private Term bits(TextCursor in) throws TermParseException {
        in.skipIf("<<");
        in.skipBlank();
        return bitsAfterOpening(in);
    }

    private Term bitsAfterOpening(TextCursor in) throws TermParseException {
        BitStringBuilder bits = new BitStringBuilder();
        if (in.skipIf(">>")) {
            return bits.build();
        }
        while (true) {
            segment(in, bits);
            in.skipBlank();
            if (in.skipIf(">>")) {
                return bits.build();
            }
            in.expect(',', "',' or '>>' in the binary");
            in.skipBlank();
        }
    }

    /** {@code Value[:Size][/Type-Type...]}, where Value is an integer, a character or a string. */
    private void segment(TextCursor in, BitStringBuilder bits) throws TermParseException {
        int start = in.position();
        String text = null;
        BigInteger value = null;
        if (in.peek() == '"') {
            text = strings(in);
        } else {
            value = segmentInteger(in, start);
        }
        in.skipBlank();
        int size = -1;
        if (in.skipIf(':')) {
            in.skipBlank();
            size = LiteralScanner.unsigned(in, BigInteger.valueOf(MAX_SEGMENT_BITS), "a segment size of 1.."
                    + MAX_SEGMENT_BITS + " bits").intValue();
            if (size == 0) {
                throw in.errorAt(start, "a segment size must be at least 1 bit");
            }
            in.skipBlank();
        }
        boolean utf8 = in.peek() == '/' && segmentTypes(in);
        if (utf8) {
            if (size != -1) {
                throw in.errorAt(start, "a utf8 segment takes no size");
            }
            if (text != null) {
                bits.appendBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                appendUtf8(in, start, value, bits);
            }
            return;
        }
        int bitSize = size == -1 ? 8 : size;
        if (text == null) {
            appendInteger(in, start, value, bitSize, bits);
            return;
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            appendInteger(in, start, BigInteger.valueOf(c), bitSize, bits);
            i += Character.charCount(c);
        }
    }

    private BigInteger segmentInteger(TextCursor in, int start) throws TermParseException {
        int c = in.peek();
        Term number;
        if (c == '-' || c == '+') {
            number = signedNumber(in);
        } else if (c == '$') {
            number = Int.of(LiteralScanner.character(in));
        } else if (LiteralScanner.isDigit(c, 10)) {
            number = literals.number(in, false);
        } else {
            throw in.expected("an integer, a character or a string as binary segment");
        }
        return switch (number) {
            case Int(long v) -> BigInteger.valueOf(v);
            case BigInt(BigInteger v) -> v;
            default -> throw in.errorAt(start, "a binary segment must be an integer, a character or a string, not "
                    + TermPrinter.print(number));
        };
    }

    /** Reads {@code /type-type...}; true when one of the types is utf8. */
    private static boolean segmentTypes(TextCursor in) throws TermParseException {
        in.next();
        boolean utf8 = false;
        do {
            in.skipBlank();
            if (!AtomSyntax.isNameStart(in.peek())) {
                throw in.expected("a segment type (integer, utf8, signed, unsigned or big)");
            }
            int at = in.position();
            String type = LiteralScanner.name(in);
            switch (type) {
                case "utf8" -> utf8 = true;
                case "integer", "signed", "unsigned", "big" -> { }
                default -> throw in.errorAt(at, "segment type '" + type
                        + "' is not supported; use integer, utf8, signed, unsigned or big");
            }
            in.skipBlank();
        } while (in.skipIf('-'));
        return utf8;
    }

    private static void appendInteger(TextCursor in, int start, BigInteger value, int size, BitStringBuilder bits)
            throws TermParseException {
        BigInteger limit = BigInteger.ONE.shiftLeft(size);
        boolean fits = value.signum() >= 0
                ? value.compareTo(limit) < 0
                : value.negate().compareTo(limit.shiftRight(1)) <= 0;
        if (!fits) {
            throw in.errorAt(start, value + " does not fit in " + size + " bits"
                    + (size == 8 && value.signum() > 0 ? "; for text beyond Latin-1 write \"...\"/utf8" : ""));
        }
        bits.append(value, size);
    }

    private static void appendUtf8(TextCursor in, int start, BigInteger value, BitStringBuilder bits)
            throws TermParseException {
        if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0
                || value.intValue() >= 0xD800 && value.intValue() <= 0xDFFF) {
            throw in.errorAt(start, value + " is not a Unicode character, so it has no utf8 encoding");
        }
        bits.appendBytes(Character.toString(value.intValue()).getBytes(StandardCharsets.UTF_8));
    }

    /** Options for a parser; defaults: depth {@value #DEFAULT_MAX_DEPTH}, integers of {@value #DEFAULT_MAX_INTEGER_DIGITS} digits. */
    public static final class Builder {
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxIntegerDigits = DEFAULT_MAX_INTEGER_DIGITS;

        private Builder() {
        }

        /** How deeply tuples, lists and maps may nest. */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be positive, got " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** The longest integer literal, in digits; longer ones are errors (converting them is quadratic). */
        public Builder maxIntegerDigits(int maxIntegerDigits) {
            if (maxIntegerDigits < 1) {
                throw new IllegalArgumentException("maxIntegerDigits must be positive, got " + maxIntegerDigits);
            }
            this.maxIntegerDigits = maxIntegerDigits;
            return this;
        }

        public TermParser build() {
            return new TermParser(this);
        }
    }
}
