package io.beamlink.term;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

/**
 * jqwik generators for every kind of term, shared by the codec and text-syntax property tests.
 * {@link #terms()} is the entry point; the others are its building blocks.
 */
public final class TermArbitraries {
    private static final int MAX_NESTING = 4;
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String LATIN1 = latin1();

    private TermArbitraries() {
    }

    /** Any term, nested up to a few levels, with every term type among the leaves and containers. */
    public static Arbitrary<Term> terms() {
        Arbitrary<Term> terms = leaves();
        for (int level = 0; level < MAX_NESTING; level++) {
            terms = containersOf(terms);
        }
        return terms;
    }

    /**
     * {@code count} terms from {@link #terms()}, the same ones for the same seed; for tests that
     * are not jqwik properties (it opens a jqwik session, so call it outside properties).
     */
    public static List<Term> samples(int count, long seed) {
        List<Term> samples = new ArrayList<>(count);
        JqwikSession.start();
        try {
            Random random = new Random(seed);
            var generator = terms().generator(100);
            for (int i = 0; i < count; i++) {
                samples.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return samples;
    }

    /** Terms without containers. */
    public static Arbitrary<Term> leaves() {
        return weighted(
                weight(4, atoms().map(Term.class::cast)),
                weight(4, integers()),
                weight(2, floats().map(Term.class::cast)),
                weight(3, binaries().map(Term.class::cast)),
                weight(1, bitStrings().map(Term.class::cast)),
                weight(1, Arbitraries.just(Nil.NIL).map(Term.class::cast)),
                weight(1, pids().map(Term.class::cast)),
                weight(1, ports().map(Term.class::cast)),
                weight(1, refs().map(Term.class::cast)),
                weight(1, exportFuns().map(Term.class::cast)),
                weight(1, funs().map(Term.class::cast)),
                weight(1, strings()));
    }

    /** A container of terms from {@code inner}, or one of them as is. */
    public static Arbitrary<Term> containersOf(Arbitrary<Term> inner) {
        return weighted(
                weight(2, inner),
                weight(3, inner.list().ofMaxSize(5).map(Tuple::of).map(Term.class::cast)),
                weight(3, inner.list().ofMaxSize(5).map(ErlList::of)),
                weight(1, improperLists(inner)),
                weight(2, maps(inner).map(Term.class::cast)));
    }

    /** Atoms: empty, short ASCII, long Latin-1 or any Unicode, up to the 255-character limit. */
    public static Arbitrary<Atom> atoms() {
        Arbitrary<String> ascii = textOf(LOWER + "_@.ABZ09", 1, 12);
        Arbitrary<String> latin1 = textOf(LATIN1, 0, Atom.MAX_CHARS);
        Arbitrary<String> unicode = codePoints().list().ofMaxSize(Atom.MAX_CHARS).map(TermArbitraries::text);
        Arbitrary<String> longest = codePoints().list().ofSize(Atom.MAX_CHARS).map(TermArbitraries::text);
        return weighted(
                weight(24, ascii),
                weight(3, Arbitraries.of("", "true", "false", "nil", "ok", "error", "undefined")),
                weight(1, latin1),
                weight(1, unicode),
                weight(1, longest)).map(Atom::of);
    }

    /** Integers around every encoding boundary (8, 32, 64 bits) and bignums of up to 300 bytes. */
    public static Arbitrary<Term> integers() {
        Arbitrary<Long> edges = Arbitraries.of(0L, 1L, -1L, 255L, 256L, -256L,
                (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1);
        Arbitrary<BigInteger> bigEdges = Arbitraries.of(
                BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).negate(),
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(2040).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(2040), BigInteger.ONE.shiftLeft(2040).negate());
        Arbitrary<BigInteger> bigs = Combinators.combine(randomBytes(1, 300), Arbitraries.of(1, -1))
                .as((magnitude, sign) -> new BigInteger(sign, magnitude));
        Arbitrary<Term> longs = weighted(
                weight(3, Arbitraries.integers().between(0, 255).map(i -> (long) i)),
                weight(3, Arbitraries.integers().map(i -> (long) i)),
                weight(2, Arbitraries.longs()),
                weight(2, edges)).map(Term::integer);
        return weighted(
                weight(8, longs),
                weight(1, bigEdges.map(Term::integer)),
                weight(1, bigs.map(Term::integer)));
    }

    /** Finite doubles, including both zeros, subnormals and the extremes. */
    public static Arbitrary<ErlFloat> floats() {
        Arbitrary<Double> edges = Arbitraries.of(0.0, -0.0, 1.0, -1.0, 1.0e300, -1.0e300, Double.MIN_VALUE,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 123456789.125);
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        return weighted(
                weight(2, edges),
                weight(2, Arbitraries.doubles()),
                weight(1, bits)).map(ErlFloat::new);
    }

    /** Binaries, empty up to a few hundred bytes (so both copied and shared decodings occur). */
    public static Arbitrary<Binary> binaries() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(70);
        Arbitrary<byte[]> large = randomBytes(64, 600);
        return weighted(weight(4, small), weight(1, large))
                .map(Binary::of);
    }

    /** Bitstrings of 1..7 bits in the last byte. */
    public static Arbitrary<BitString> bitStrings() {
        return Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40),
                Arbitraries.integers().between(1, 7)).as(BitString::new);
    }

    /** Node names as Erlang writes them, plus the local {@code nonode@nohost}. */
    public static Arbitrary<Atom> nodeNames() {
        Arbitrary<String> names = Combinators.combine(
                textOf(LOWER, 1, 10),
                Arbitraries.of("127.0.0.1", "localhost", "host.example.com", "::1"))
                .as((alive, host) -> alive + "@" + host);
        return weighted(
                weight(4, names),
                weight(1, Arbitraries.just("nonode@nohost"))).map(Atom::of);
    }

    private static Arbitrary<Integer> words() {
        return weighted(
                weight(2, Arbitraries.integers().between(0, 1 << 15)),
                weight(1, Arbitraries.integers()),
                weight(1, Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }

    public static Arbitrary<Pid> pids() {
        return Combinators.combine(nodeNames(), words(), words(), words()).as(Pid::new);
    }

    /** Ports with ids that fit NEW_PORT_EXT and ids that need V4_PORT_EXT. */
    public static Arbitrary<Port> ports() {
        Arbitrary<Long> ids = weighted(
                weight(3, Arbitraries.longs().between(0, (1L << 28) - 1)),
                weight(1, Arbitraries.longs().between(0, 0xFFFF_FFFFL)),
                weight(1, Arbitraries.longs()),
                weight(1, Arbitraries.of(0L, (1L << 28) - 1, 1L << 28, 0xFFFF_FFFFL, 1L << 32, -1L)));
        return Combinators.combine(nodeNames(), ids, words()).as(Port::new);
    }

    /** References of 1..5 id words. */
    public static Arbitrary<Ref> refs() {
        return Combinators.combine(nodeNames(), words(), words().list().ofMinSize(1).ofMaxSize(Ref.MAX_IDS))
                .as((node, creation, ids) -> new Ref(node, creation, ids.stream().mapToInt(Integer::intValue).toArray()));
    }

    public static Arbitrary<ExportFun> exportFuns() {
        return Combinators.combine(atoms(), atoms(), Arbitraries.integers().between(0, 255)).as(ExportFun::new);
    }

    /** Funs with well-formed NEW_FUN_EXT bytes and up to three free variables. */
    public static Arbitrary<Fun> funs() {
        Arbitrary<List<Term>> freeVars = weighted(weight(1, atoms()), weight(1, integers()), weight(1, binaries()))
                .list().ofMaxSize(3);
        return Combinators.combine(
                atoms(), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofSize(16),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers(), pids(), freeVars)
                .as(FunBytes::fun);
    }

    /** Lists of byte-sized integers (OTP's STRING_EXT) and of wider code points. */
    public static Arbitrary<Term> strings() {
        return weighted(
                weight(1, textOf(LATIN1, 1, 40).map(ErlList::charlist)),
                weight(1, codePoints().list().ofMinSize(1).ofMaxSize(20).map(TermArbitraries::text).map(ErlList::charlist)));
    }

    /** {@code [E1, ..., En | Tail]} with at least one element and a tail that is not a list. */
    public static Arbitrary<Term> improperLists(Arbitrary<Term> inner) {
        return Combinators.combine(
                inner.list().ofMinSize(1).ofMaxSize(4),
                inner.filter(t -> !(t instanceof ErlList) && !(t instanceof Nil)))
                .as(ErlList::of);
    }

    /**
     * Maps of terms from {@code inner}. Keys that differ only in the sign of a zero float are
     * left out: OTP before 27 compares {@code 0.0} and {@code -0.0} as equal, so such a map is a
     * duplicate-key error there.
     */
    public static Arbitrary<ErlMap> maps(Arbitrary<Term> inner) {
        return Combinators.combine(inner, inner).as(Map::entry).list().ofMaxSize(6)
                .map(entries -> {
                    Map<Term, Term> map = new LinkedHashMap<>();
                    Set<Term> keysAsOtp25Sees = new HashSet<>();
                    entries.forEach(e -> {
                        if (keysAsOtp25Sees.add(withPositiveZeros(e.getKey()))) {
                            map.put(e.getKey(), e.getValue());
                        }
                    });
                    return ErlMap.of(map);
                });
    }

    /** The term with every {@code -0.0} (outside funs, whose bytes are opaque) turned into {@code 0.0}. */
    private static Term withPositiveZeros(Term term) {
        return switch (term) {
            case ErlFloat f when f.value() == 0.0 -> new ErlFloat(0.0);
            case Tuple t -> Tuple.of(t.elements().stream().map(TermArbitraries::withPositiveZeros).toList());
            case ErlList l -> ErlList.of(l.elements().stream().map(TermArbitraries::withPositiveZeros).toList(),
                    withPositiveZeros(l.tail()));
            case ErlMap m -> {
                Map<Term, Term> normalized = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> normalized.put(withPositiveZeros(k), withPositiveZeros(v)));
                yield ErlMap.of(normalized);
            }
            default -> term;
        };
    }

    /** Random bytes without shrinking: jqwik fills arrays element by element through reflection, too slowly for hundreds. */
    private static Arbitrary<byte[]> randomBytes(int minSize, int maxSize) {
        return Arbitraries.randomValue(random -> {
            byte[] bytes = new byte[minSize + random.nextInt(maxSize - minSize + 1)];
            random.nextBytes(bytes);
            return bytes;
        });
    }

    private static Arbitrary<Integer> codePoints() {
        return weighted(
                weight(3, Arbitraries.integers().between(0x20, 0x7E)),
                weight(2, Arbitraries.integers().between(0x80, 0x7FF)),
                weight(2, Arbitraries.integers().between(0x800, 0xFFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF)),
                weight(1, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
    }

    /**
     * Like {@link Arbitraries#frequencyOf}, which asks jqwik for the chosen arbitrary's generator on
     * every draw (a slow lookup that made nested terms take 100 ms each); this takes each generator
     * once. The drawn value shrinks within its own arbitrary.
     */
    @SafeVarargs
    private static <T> Arbitrary<T> weighted(net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>>... choices) {
        int total = 0;
        for (var choice : choices) {
            total += choice.get1();
        }
        int sum = total;
        return Arbitraries.fromGeneratorWithSize(genSize -> {
            List<net.jqwik.api.RandomGenerator<? extends T>> generators = new ArrayList<>();
            for (var choice : choices) {
                generators.add(choice.get2().generator(genSize));
            }
            return random -> {
                int pick = random.nextInt(sum);
                for (int i = 0; ; i++) {
                    pick -= choices[i].get1();
                    if (pick < 0) {
                        return generators.get(i).next(random).map(value -> (T) value);
                    }
                }
            };
        });
    }

    /** jqwik's Tuple, spelled out because the term model has its own {@code Tuple}. */
    private static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> weight(int weight, Arbitrary<? extends T> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }

    /**
     * Strings over an alphabet. jqwik's own string arbitraries draw each character through a
     * per-draw generator lookup, which made them the slowest part of term generation.
     */
    private static Arbitrary<String> textOf(String alphabet, int minLength, int maxLength) {
        return Arbitraries.integers().between(0, alphabet.length() - 1).list().ofMinSize(minLength).ofMaxSize(maxLength)
                .map(indexes -> {
                    StringBuilder sb = new StringBuilder(indexes.size());
                    indexes.forEach(i -> sb.append(alphabet.charAt(i)));
                    return sb.toString();
                });
    }

    private static String latin1() {
        StringBuilder sb = new StringBuilder(256);
        for (char c = 0; c < 256; c++) {
            sb.append(c);
        }
        return sb.toString();
    }

    private static String text(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder(codePoints.size());
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
