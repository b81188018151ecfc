package io.beamlink.term.mapping;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between Java values and terms. Immutable and thread-safe; configure one with
 * {@link #builder()}, or use {@link #standard()}.
 *
 * <p><b>Java to term</b> ({@link #toTerm}):
 * <ul>
 *   <li>{@code long}, {@code int}, {@code short}, {@code byte}, {@link java.math.BigInteger},
 *       {@code char}: integers; {@code double}, {@code float}: floats (NaN and infinities have no
 *       term and are errors); {@code boolean}: the atoms {@code true} and {@code false}</li>
 *   <li>{@link String}: a UTF-8 binary, as Elixir writes strings, or a charlist (a list of
 *       code points, as Erlang's {@code "text"}) with {@link StringEncoding#CHARLIST}</li>
 *   <li>{@code byte[]}: a binary (copied)</li>
 *   <li>collections, iterables and arrays: proper lists; {@link Map}: maps</li>
 *   <li>records: maps from each component's name (an atom) to its value, or tagged tuples
 *       {@code {record_name, F1, F2, ...}} ({@link RecordEncoding#TAGGED_TUPLE}, for all records
 *       or per class), or Elixir structs: {@code %MyApp.User{...}}, a map with the key
 *       {@code __struct__} and the module atom {@code 'Elixir.MyApp.User'} as value, for
 *       classes {@linkplain Builder#elixirStruct registered} with a module</li>
 *   <li>enum constants: the atom of the constant's name in lower case ({@code RED} → {@code red})</li>
 *   <li>{@code null} and {@code Optional.empty()}: the null atom, {@code nil} by default (Elixir's
 *       {@code nil}); set {@code undefined} for Erlang style with {@link Builder#nullAtom}.
 *       {@code Optional.of(x)}: x.</li>
 *   <li>{@link Term}s: as they are</li>
 * </ul>
 *
 * <p><b>Term to Java, natural</b> ({@link #toJava(Term)}): integers become {@link Long} or
 * {@link java.math.BigInteger}, floats {@link Double}, {@code true}/{@code false}
 * {@link Boolean}, the null atom {@code null}; other atoms stay {@link Atom}s (so that they
 * remain distinct from strings). Binaries become {@link String} when they are valid UTF-8,
 * else {@code byte[]} ({@link BinaryDecoding#BYTES}: always {@code byte[]}). Proper lists
 * become read-only {@link java.util.List}s, maps read-only {@link Map}s in the order of their
 * entries (maps with a registered struct module become that record). Everything else
 * (tuples, pids, references, ports, funs, bitstrings, improper lists) stays a term.
 *
 * <p><b>Term to Java, typed</b> ({@link #toJava(Term, Class)}, {@link #toJava(Term, TypeRef)},
 * {@link #toJava(Term, Type)}): the reverse of the rules above for the requested type,
 * including generic {@code List<T>}, {@code Set<T>}, {@code Map<K, V>}, {@code Optional<T>},
 * arrays, records (from maps with atom or binary keys, or from tagged tuples) and enums.
 * Integers are range-checked; a {@link String} is read from a UTF-8 binary, a charlist or an
 * atom; the null atom reads as {@code null} (or an empty {@code Optional}) for any type that
 * is not primitive. Failures are {@link TermMappingException}s that name the term, the type and
 * the path to the value ({@code address.zip}).
 *
 * <p>Nesting is limited to {@link Builder#maxDepth} levels both ways, so a collection that
 * contains itself is an error, not a stack overflow.
 */
public final class TermMapper {
    public static final int DEFAULT_MAX_DEPTH = 500;

    private static final TermMapper STANDARD = builder().build();

    /** How a Java {@link String} becomes a term. */
    public enum StringEncoding {
        /** A UTF-8 binary, {@code <<"text">>}: Elixir's strings. */
        BINARY,
        /** A list of code points, Erlang's {@code "text"}. */
        CHARLIST
    }

    /** What a binary becomes in the natural mapping ({@link #toJava(Term)}). */
    public enum BinaryDecoding {
        /** A {@link String} when the bytes are valid UTF-8, else {@code byte[]}. */
        UTF8_STRING_OR_BYTES,
        /** Always {@code byte[]}. */
        BYTES
    }

    /** How a record becomes a term. */
    public enum RecordEncoding {
        /** {@code #{name => Value, ...}} keyed by atoms of the component names. */
        MAP,
        /** {@code {record_name, Value1, ...}}: the class's simple name in snake_case, then the components in order. */
        TAGGED_TUPLE
    }

    /** How record component names become map keys. */
    public enum FieldNaming {
        /** {@code zipCode} stays {@code zipCode}. */
        AS_DECLARED,
        /** {@code zipCode} becomes {@code zip_code}, as Erlang and Elixir name fields. */
        SNAKE_CASE
    }

    private final Atom nullAtom;
    private final StringEncoding strings;
    private final BinaryDecoding binaries;
    private final RecordEncoding records;
    private final Map<Class<?>, RecordEncoding> recordEncodings;
    private final Map<Class<?>, Atom> structModules;
    private final Map<Atom, Class<?>> structClasses;
    private final FieldNaming fieldNaming;
    private final int maxDepth;

    private TermMapper(Builder builder) {
        this.nullAtom = builder.nullAtom;
        this.strings = builder.strings;
        this.binaries = builder.binaries;
        this.records = builder.records;
        this.recordEncodings = Map.copyOf(builder.recordEncodings);
        this.structModules = Map.copyOf(builder.structModules);
        Map<Atom, Class<?>> classes = new HashMap<>();
        structModules.forEach((type, module) -> classes.put(module, type));
        this.structClasses = Map.copyOf(classes);
        this.fieldNaming = builder.fieldNaming;
        this.maxDepth = builder.maxDepth;
    }

    /** Strings as binaries, {@code nil} for null, records as maps with the component names as keys. */
    public static TermMapper standard() {
        return STANDARD;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The term for a Java value; see the class description for the rules. */
    public Term toTerm(Object value) {
        return new JavaToTerm(this).convert(value, 0);
    }

    /** The natural Java value of a term; see the class description for the rules. */
    public Object toJava(Term term) {
        return new TermToJava(this).natural(Objects.requireNonNull(term, "term"), 0);
    }

    /** The term as a value of {@code type}. */
    public <T> T toJava(Term term, Class<T> type) {
        Object value = toJava(term, (Type) type);
        @SuppressWarnings("unchecked")
        T typed = (T) (type.isPrimitive() ? value : type.cast(value));
        return typed;
    }

    /** The term as a value of a generic type: {@code toJava(term, new TypeRef<List<String>>() {})}. */
    public <T> T toJava(Term term, TypeRef<T> type) {
        @SuppressWarnings("unchecked")
        T typed = (T) toJava(term, type.type());
        return typed;
    }

    /** The term as a value of a reflected type (a {@link Class} or a parameterized type). */
    public Object toJava(Term term, Type type) {
        return new TermToJava(this).typed(Objects.requireNonNull(term, "term"), Objects.requireNonNull(type, "type"), 0);
    }

    Atom nullAtom() {
        return nullAtom;
    }

    StringEncoding strings() {
        return strings;
    }

    BinaryDecoding binaries() {
        return binaries;
    }

    RecordEncoding recordEncoding(Class<?> type) {
        return recordEncodings.getOrDefault(type, records);
    }

    /** The module atom of a record registered as an Elixir struct, or null. */
    Atom structModule(Class<?> type) {
        return structModules.get(type);
    }

    /** The record class registered for an Elixir struct module, or null. */
    Class<?> structClass(Atom module) {
        return structClasses.get(module);
    }

    FieldNaming fieldNaming() {
        return fieldNaming;
    }

    int maxDepth() {
        return maxDepth;
    }

    /** Options; the defaults are those of {@link #standard()}. */
    public static final class Builder {
        private Atom nullAtom = Atom.NIL;
        private StringEncoding strings = StringEncoding.BINARY;
        private BinaryDecoding binaries = BinaryDecoding.UTF8_STRING_OR_BYTES;
        private RecordEncoding records = RecordEncoding.MAP;
        private final Map<Class<?>, RecordEncoding> recordEncodings = new HashMap<>();
        private final Map<Class<?>, Atom> structModules = new HashMap<>();
        private FieldNaming fieldNaming = FieldNaming.AS_DECLARED;
        private int maxDepth = DEFAULT_MAX_DEPTH;

        private Builder() {
        }

        /** The atom for {@code null}: {@code nil} (default, Elixir) or {@code undefined} (Erlang). */
        public Builder nullAtom(Atom atom) {
            this.nullAtom = Objects.requireNonNull(atom, "atom");
            return this;
        }

        public Builder strings(StringEncoding encoding) {
            this.strings = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Builder binaries(BinaryDecoding decoding) {
            this.binaries = Objects.requireNonNull(decoding, "decoding");
            return this;
        }

        /** How records become terms unless a class has its own encoding. */
        public Builder records(RecordEncoding encoding) {
            this.records = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** How records of one class become terms. */
        public Builder record(Class<? extends Record> type, RecordEncoding encoding) {
            recordEncodings.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(encoding, "encoding"));
            return this;
        }

        /**
         * Maps a record class to and from the Elixir struct of {@code module} ({@code "MyApp.User"}
         * or {@code "Elixir.MyApp.User"}): a map with {@code __struct__ => 'Elixir.MyApp.User'}.
         */
        public Builder elixirStruct(Class<? extends Record> type, String module) {
            Objects.requireNonNull(type, "type");
            String name = module.startsWith("Elixir.") ? module : "Elixir." + module;
            structModules.put(type, Atom.of(name));
            return this;
        }

        public Builder fieldNaming(FieldNaming naming) {
            this.fieldNaming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /** How deeply values may nest, both ways. */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be positive, got " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        public TermMapper build() {
            return new TermMapper(this);
        }
    }
}
