package io.beamlink.term;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Erlang's term order: number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid &lt; tuple
 * &lt; map &lt; nil &lt; list &lt; bitstring. Numbers compare by value, so {@code 1} and
 * {@code 1.0} compare as equal, as with Erlang's {@code ==}.
 */
public final class TermOrder {
    public static final Comparator<Term> COMPARATOR = TermOrder::compare;

    private TermOrder() {
    }

    public static int compare(Term a, Term b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case Int x -> compareNumbers(x, b);
            case BigInt x -> compareNumbers(x, b);
            case ErlFloat x -> compareNumbers(x, b);
            case Atom x -> x.name().compareTo(((Atom) b).name());
            case Ref x -> compareRefs(x, (Ref) b);
            case Fun x -> compareFuns(x, b);
            case ExportFun x -> compareFuns(x, b);
            case Port x -> comparePorts(x, (Port) b);
            case Pid x -> comparePids(x, (Pid) b);
            case Tuple x -> compareTuples(x, (Tuple) b);
            case ErlMap x -> compareMaps(x, (ErlMap) b);
            case Nil x -> 0;
            case ErlList x -> compareLists(x, (ErlList) b);
            case Binary x -> compareBits(bytesOf(x), x.size() * 8L, b);
            case BitString x -> compareBits(x.bytesUnsafe(), x.bitSize(), b);
        };
    }

    private static int rank(Term t) {
        return switch (t) {
            case Int x -> 0;
            case BigInt x -> 0;
            case ErlFloat x -> 0;
            case Atom x -> 1;
            case Ref x -> 2;
            case Fun x -> 3;
            case ExportFun x -> 3;
            case Port x -> 4;
            case Pid x -> 5;
            case Tuple x -> 6;
            case ErlMap x -> 7;
            case Nil x -> 8;
            case ErlList x -> 9;
            case Binary x -> 10;
            case BitString x -> 10;
        };
    }

    private static int compareNumbers(Term a, Term b) {
        if (a instanceof Int(long x) && b instanceof Int(long y)) {
            return Long.compare(x, y);
        }
        if (a instanceof ErlFloat(double x) && b instanceof ErlFloat(double y)) {
            return x == y ? 0 : Double.compare(x, y);
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(Term number) {
        return switch (number) {
            case Int(long v) -> BigDecimal.valueOf(v);
            case BigInt(BigInteger v) -> new BigDecimal(v);
            case ErlFloat(double v) -> new BigDecimal(v);
            default -> throw new IllegalStateException("not a number: " + number);
        };
    }

    private static int compareRefs(Ref a, Ref b) {
        int c = a.node().name().compareTo(b.node().name());
        if (c != 0) {
            return c;
        }
        // Erlang compares id words from the most significant (last) one down.
        int n = Math.max(a.idCount(), b.idCount());
        for (int i = n - 1; i >= 0; i--) {
            long x = i < a.idCount() ? Integer.toUnsignedLong(a.id(i)) : 0;
            long y = i < b.idCount() ? Integer.toUnsignedLong(b.id(i)) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return Integer.compareUnsigned(a.creation(), b.creation());
    }

    private static int compareFuns(Term a, Term b) {
        // Local funs before export funs; each ordered by module, then index/function, then arity.
        if (a instanceof Fun x && b instanceof Fun y) {
            int c = x.module().name().compareTo(y.module().name());
            if (c == 0) c = Integer.compare(x.index(), y.index());
            if (c == 0) c = Long.compare(x.uniq(), y.uniq());
            if (c == 0) c = java.util.Arrays.compare(x.encodedUnsafe(), y.encodedUnsafe());
            return c;
        }
        if (a instanceof ExportFun x && b instanceof ExportFun y) {
            int c = x.module().name().compareTo(y.module().name());
            if (c == 0) c = x.function().name().compareTo(y.function().name());
            if (c == 0) c = Integer.compare(x.arity(), y.arity());
            return c;
        }
        return a instanceof Fun ? -1 : 1;
    }

    private static int comparePorts(Port a, Port b) {
        int c = a.node().name().compareTo(b.node().name());
        if (c == 0) c = Long.compareUnsigned(a.id(), b.id());
        if (c == 0) c = Integer.compareUnsigned(a.creation(), b.creation());
        return c;
    }

    private static int comparePids(Pid a, Pid b) {
        int c = a.node().name().compareTo(b.node().name());
        if (c == 0) c = Integer.compareUnsigned(a.serial(), b.serial());
        if (c == 0) c = Integer.compareUnsigned(a.id(), b.id());
        if (c == 0) c = Integer.compareUnsigned(a.creation(), b.creation());
        return c;
    }

    private static int compareTuples(Tuple a, Tuple b) {
        if (a.arity() != b.arity()) {
            return Integer.compare(a.arity(), b.arity());
        }
        for (int i = 0; i < a.arity(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Maps order by size, then by sorted keys, then by the values in key order. */
    private static int compareMaps(ErlMap a, ErlMap b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        List<Map.Entry<Term, Term>> ea = sortedEntries(a);
        List<Map.Entry<Term, Term>> eb = sortedEntries(b);
        for (int i = 0; i < ea.size(); i++) {
            int c = compareMapKeys(ea.get(i).getKey(), eb.get(i).getKey());
            if (c != 0) {
                return c;
            }
        }
        for (int i = 0; i < ea.size(); i++) {
            int c = compare(ea.get(i).getValue(), eb.get(i).getValue());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Map.Entry<Term, Term>> sortedEntries(ErlMap map) {
        List<Map.Entry<Term, Term>> entries = new ArrayList<>(map.entries().entrySet());
        entries.sort((x, y) -> compareMapKeys(x.getKey(), y.getKey()));
        return entries;
    }

    /** Map keys order exactly: integers before floats of the same value. */
    private static int compareMapKeys(Term a, Term b) {
        int c = compare(a, b);
        if (c == 0 && !a.equals(b)) {
            boolean aFloat = a instanceof ErlFloat;
            boolean bFloat = b instanceof ErlFloat;
            if (aFloat != bFloat) {
                return aFloat ? 1 : -1;
            }
        }
        return c;
    }

    private static int compareLists(ErlList a, ErlList b) {
        Term x = a;
        Term y = b;
        while (x instanceof ErlList lx && y instanceof ErlList ly) {
            int n = Math.min(lx.size(), ly.size());
            for (int i = 0; i < n; i++) {
                int c = compare(lx.get(i), ly.get(i));
                if (c != 0) {
                    return c;
                }
            }
            if (lx.size() == ly.size()) {
                x = lx.tail();
                y = ly.tail();
            } else if (lx.size() < ly.size()) {
                x = lx.tail();
                y = ErlList.of(ly.elements().subList(n, ly.size()), ly.tail());
            } else {
                x = ErlList.of(lx.elements().subList(n, lx.size()), lx.tail());
                y = ly.tail();
            }
        }
        return compare(x, y);
    }

    private static byte[] bytesOf(Binary b) {
        return b.arrayOffset() == 0 && b.array().length == b.size() ? b.array() : b.toByteArray();
    }

    private static int compareBits(byte[] a, long aBits, Term other) {
        byte[] b;
        long bBits;
        if (other instanceof Binary ob) {
            b = bytesOf(ob);
            bBits = ob.size() * 8L;
        } else {
            BitString bs = (BitString) other;
            b = bs.bytesUnsafe();
            bBits = bs.bitSize();
        }
        long common = Math.min(aBits, bBits);
        int fullBytes = (int) (common / 8);
        int c = java.util.Arrays.compareUnsigned(a, 0, fullBytes, b, 0, fullBytes);
        if (c != 0) {
            return c;
        }
        int rest = (int) (common % 8);
        if (rest > 0) {
            int mask = 0xFF << (8 - rest) & 0xFF;
            c = Integer.compare(a[fullBytes] & mask, b[fullBytes] & mask);
            if (c != 0) {
                return c;
            }
        }
        return Long.compare(aBits, bBits);
    }

}
