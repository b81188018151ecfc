package io.beamlink.term;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prints terms in Erlang syntax on one line, exactly as OTP 25 prints them with
 * {@code io_lib:format("~0tp", [Term])}, which is how the {@code erl} shell shows results minus
 * the line breaks: no spaces after commas ({@code {hello,from,<0.113.0>}}), maps with spaced
 * arrows ({@code #{a => 1,b => 2}}), lists of printable characters as strings ({@code "abc"}),
 * printable binaries as text ({@code <<"bin">>}, {@code <<"héllo"/utf8>>}), atoms quoted where
 * Erlang needs it ({@code 'Hello'}, {@code 'and'}), floats in the shortest form that reads
 * back exactly ({@code 0.1}, {@code 1.0e300}).
 *
 * <p>Differences from {@code erl}, all deliberate:
 * <ul>
 *   <li>Maps print with their keys in Erlang's map key order (term order, integers before
 *       floats). {@code erl} does so for maps of up to 32 keys; larger maps it prints in its
 *       internal hash order, which a JVM cannot reproduce.</li>
 *   <li>{@code erl} shows a pid of another node as {@code <Index.Id.Serial>}, with the index of
 *       that node in its own node table. A printer numbers the nodes it meets the same way:
 *       the {@linkplain Builder#localNode local node} is 0, other nodes get 1, 2, 3... in the
 *       order this printer first sees them (the same for ports and references). The numbers
 *       mean nothing outside this printer; use {@link #exact()} to see node names. After
 *       65536 distinct nodes, further nodes print as in exact mode without the creation.</li>
 *   <li>{@code fun M:F/A} quotes its atoms as Erlang source needs, as everywhere else. OTP 25
 *       prints these two atoms with the runtime's own printer, which also quotes atoms with
 *       '@' ({@code fun 'a@b':f/1}), leaves reserved words bare ({@code fun fun:f/1}, which
 *       does not parse) and shows characters beyond Latin-1 as their UTF-8 bytes. For other atoms
 *       the two agree.</li>
 * </ul>
 *
 * <p><b>Exact mode</b> ({@link #exact()}, {@link Builder#exact(boolean)}) prints pids, ports,
 * references and local funs so that {@link TermParser} reads them back as identical terms;
 * everything else prints as above. The node is written as a quoted atom in place of the
 * index and the creation is added as the last number:
 * <ul>
 *   <li>pid: {@code <'node@host'.Id.Serial.Creation>}, e.g. {@code <'a@b'.113.0.3>}</li>
 *   <li>port: {@code #Port<'node@host'.Id.Creation>}</li>
 *   <li>reference: {@code #Ref<'node@host'.W(n-1)...W0.Creation>}, the id words most
 *       significant first as {@code erl} prints them, e.g. {@code #Ref<'a@b'.3.2.1.7>}</li>
 *   <li>local fun: {@code #Fun<'Module'.Index.Uniq.<<Bytes>>>}, where Bytes is the fun's
 *       {@code NEW_FUN_EXT} encoding ({@link Fun#encoded()}), which carries its environment</li>
 * </ul>
 * All numbers are unsigned decimal. Export funs ({@code fun lists:map/2}) are already exact.
 *
 * <p>Instances are immutable apart from the node numbering, and thread-safe. Printing does
 * not recurse, so arbitrarily deep terms print without exhausting the stack.
 */
public final class TermPrinter {
    /** The node name of a VM without distribution, the default local node. */
    public static final Atom NO_NODE = Atom.of("nonode@nohost");

    private static final TermPrinter STANDARD = builder().build();
    private static final TermPrinter EXACT = builder().exact(true).build();

    private final Atom localNode;
    private final boolean exact;
    private final PrintableRange printableRange;
    private final NodeNumbers nodeNumbers = new NodeNumbers();

    private TermPrinter(Builder builder) {
        this.localNode = builder.localNode;
        this.exact = builder.exact;
        this.printableRange = builder.printableRange;
    }

    /** The printer {@code toString()} of every term uses: local node {@code nonode@nohost}, Latin-1 range. */
    public static TermPrinter standard() {
        return STANDARD;
    }

    /** A printer in exact mode (see the class description). */
    public static TermPrinter exact() {
        return EXACT;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The term in Erlang syntax, with the {@linkplain #standard() standard} printer. */
    public static String print(Term term) {
        return STANDARD.format(term);
    }

    /** The term in Erlang syntax. */
    public String format(Term term) {
        StringBuilder out = new StringBuilder();
        formatTo(term, out);
        return out.toString();
    }

    /** Appends the term in Erlang syntax. */
    public void formatTo(Term term, StringBuilder out) {
        Objects.requireNonNull(term, "term");
        // Pending work, top first: a term still to print or literal text between terms.
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(term);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next instanceof String text) {
                out.append(text);
            } else {
                printOrExpand((Term) next, out, pending);
            }
        }
    }

    public Atom localNode() {
        return localNode;
    }

    public boolean isExact() {
        return exact;
    }

    public PrintableRange printableRange() {
        return printableRange;
    }

    /** Prints a term without parts, or prints the opening of a compound term and queues the rest. */
    private void printOrExpand(Term term, StringBuilder out, Deque<Object> pending) {
        switch (term) {
            case Atom a -> AtomSyntax.append(out, a.name());
            case Int i -> out.append(i.value());
            case BigInt b -> out.append(b.value());
            case ErlFloat f -> out.append(FloatFormat.format(f.value()));
            case Binary b -> printBinary(b, out);
            case BitString b -> printBitString(b, out);
            case Nil n -> out.append("[]");
            case Tuple t -> {
                out.append('{');
                queueSeparated(t.elements(), "}", pending);
            }
            case ErlList l -> printList(l, out, pending);
            case ErlMap m -> printMap(m, out, pending);
            case Pid p -> printPid(p, out);
            case Port p -> printPort(p, out);
            case Ref r -> printRef(r, out);
            case Fun f -> printFun(f, out);
            case ExportFun f -> {
                out.append("fun ");
                AtomSyntax.append(out, f.module().name());
                out.append(':');
                AtomSyntax.append(out, f.function().name());
                out.append('/').append(f.arity());
            }
        }
    }

    private static void queueSeparated(List<Term> items, String close, Deque<Object> pending) {
        pending.push(close);
        for (int i = items.size() - 1; i >= 0; i--) {
            pending.push(items.get(i));
            if (i > 0) {
                pending.push(",");
            }
        }
    }

    private void printList(ErlList list, StringBuilder out, Deque<Object> pending) {
        List<Term> elements = new ArrayList<>(list.elements());
        Term tail = list.tail();
        while (tail instanceof ErlList more) {
            elements.addAll(more.elements());
            tail = more.tail();
        }
        if (tail instanceof Nil && isPrintable(elements)) {
            out.append('"');
            for (Term t : elements) {
                QuotedText.appendEscaped(out, (int) ((Int) t).value(), '"');
            }
            out.append('"');
            return;
        }
        out.append('[');
        if (tail instanceof Nil) {
            queueSeparated(elements, "]", pending);
        } else {
            pending.push("]");
            pending.push(tail);
            pending.push("|");
            queueSeparated(elements, "", pending);
        }
    }

    private boolean isPrintable(List<Term> elements) {
        for (Term t : elements) {
            if (!(t instanceof Int(long c)) || !printableRange.isPrintable(c)) {
                return false;
            }
        }
        return true;
    }

    private static void printMap(ErlMap map, StringBuilder out, Deque<Object> pending) {
        out.append("#{");
        List<Map.Entry<Term, Term>> entries = MapKeyOrder.sortedEntries(map);
        pending.push("}");
        for (int i = entries.size() - 1; i >= 0; i--) {
            pending.push(entries.get(i).getValue());
            pending.push(" => ");
            pending.push(entries.get(i).getKey());
            if (i > 0) {
                pending.push(",");
            }
        }
    }

    /**
     * A binary prints as text when it is valid UTF-8 of printable characters ({@code /utf8}
     * added unless all ASCII), or, when it is not valid UTF-8, when every byte is a printable
     * Latin-1 character. Otherwise it prints as byte values.
     */
    private void printBinary(Binary binary, StringBuilder out) {
        String utf8 = binary.size() == 0 ? null : strictUtf8(binary);
        if (utf8 != null) {
            if (utf8.codePoints().allMatch(printableRange::isPrintable)) {
                out.append("<<\"");
                QuotedText.appendEscaped(out, utf8, '"');
                out.append(utf8.chars().allMatch(c -> c < 0x80) ? "\">>" : "\"/utf8>>");
                return;
            }
        } else if (binary.size() > 0 && isPrintableLatin1(binary)) {
            out.append("<<\"");
            for (int i = 0; i < binary.size(); i++) {
                QuotedText.appendEscaped(out, binary.byteAt(i) & 0xFF, '"');
            }
            out.append("\">>");
            return;
        }
        out.append("<<");
        for (int i = 0; i < binary.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(binary.byteAt(i) & 0xFF);
        }
        out.append(">>");
    }

    private static String strictUtf8(Binary binary) {
        return binary.strictUtf8String();
    }

    private static boolean isPrintableLatin1(Binary binary) {
        for (int i = 0; i < binary.size(); i++) {
            if (!PrintableRange.isPrintableLatin1(binary.byteAt(i) & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Always byte values, the last one with its size in bits: {@code <<1,2:3>>}. */
    private static void printBitString(BitString bits, StringBuilder out) {
        byte[] bytes = bits.bytesUnsafe();
        out.append("<<");
        for (int i = 0; i < bytes.length - 1; i++) {
            out.append(bytes[i] & 0xFF).append(',');
        }
        int used = bits.bitsInLastByte();
        out.append((bytes[bytes.length - 1] & 0xFF) >>> (8 - used)).append(':').append(used).append(">>");
    }

    private void printPid(Pid pid, StringBuilder out) {
        out.append('<');
        appendNode(pid.node(), out);
        out.append('.').append(Integer.toUnsignedString(pid.id()))
                .append('.').append(Integer.toUnsignedString(pid.serial()));
        appendCreation(pid.creation(), out);
        out.append('>');
    }

    private void printPort(Port port, StringBuilder out) {
        out.append("#Port<");
        appendNode(port.node(), out);
        out.append('.').append(Long.toUnsignedString(port.id()));
        appendCreation(port.creation(), out);
        out.append('>');
    }

    private void printRef(Ref ref, StringBuilder out) {
        out.append("#Ref<");
        appendNode(ref.node(), out);
        for (int i = ref.idCount() - 1; i >= 0; i--) {
            out.append('.').append(Integer.toUnsignedString(ref.id(i)));
        }
        appendCreation(ref.creation(), out);
        out.append('>');
    }

    private void printFun(Fun fun, StringBuilder out) {
        out.append("#Fun<");
        if (exact) {
            AtomSyntax.append(out, fun.module().name());
        } else {
            out.append(fun.module().name());
        }
        out.append('.').append(fun.index()).append('.').append(fun.uniq());
        if (exact) {
            out.append('.');
            printBinary(Binary.of(fun.encodedUnsafe()), out);
        }
        out.append('>');
    }

    /** The node as erl shows it (0 for the local node, else its number), or its name in exact mode. */
    private void appendNode(Atom node, StringBuilder out) {
        if (exact) {
            AtomSyntax.appendQuoted(out, node.name());
        } else if (node.equals(localNode)) {
            out.append('0');
        } else {
            int number = nodeNumbers.numberOf(node);
            if (number == NodeNumbers.FULL) {
                AtomSyntax.appendQuoted(out, node.name());
            } else {
                out.append(number);
            }
        }
    }

    private void appendCreation(int creation, StringBuilder out) {
        if (exact) {
            out.append('.').append(Integer.toUnsignedString(creation));
        }
    }

    /** Options for a printer; defaults: local node {@code nonode@nohost}, not exact, Latin-1 range. */
    public static final class Builder {
        private Atom localNode = NO_NODE;
        private boolean exact;
        private PrintableRange printableRange = PrintableRange.LATIN1;

        private Builder() {
        }

        /** The node whose pids, ports and references print with node number 0. */
        public Builder localNode(Atom node) {
            this.localNode = Objects.requireNonNull(node, "node");
            return this;
        }

        /** Print pids, ports, references and funs so that they parse back exactly. */
        public Builder exact(boolean exact) {
            this.exact = exact;
            return this;
        }

        /** Which characters count as printable in strings and binaries ({@code erl +pc}). */
        public Builder printableRange(PrintableRange range) {
            this.printableRange = Objects.requireNonNull(range, "range");
            return this;
        }

        public TermPrinter build() {
            return new TermPrinter(this);
        }
    }
}
