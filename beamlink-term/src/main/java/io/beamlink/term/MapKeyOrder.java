package io.beamlink.term;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order Erlang keeps map keys in, and prints small maps in: term order, except that all
 * integers come before all floats at every depth ({@code #{2 => a,1.5 => b}},
 * {@code #{[2] => a,[0.5] => b}}), because map keys are told apart exactly.
 */
final class MapKeyOrder implements Comparator<Term> {
    static final MapKeyOrder INSTANCE = new MapKeyOrder();

    private MapKeyOrder() {
    }

    @Override
    public int compare(Term a, Term b) {
        if (isNumber(a) && isNumber(b)) {
            boolean aFloat = a instanceof ErlFloat;
            boolean bFloat = b instanceof ErlFloat;
            return aFloat != bFloat ? (aFloat ? 1 : -1) : TermOrder.compare(a, b);
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return compareTuples(x, y);
        }
        if (a instanceof ErlList x && b instanceof ErlList y) {
            return compareLists(x, y);
        }
        if (a instanceof ErlMap x && b instanceof ErlMap y) {
            return compareMaps(x, y);
        }
        return TermOrder.compare(a, b);
    }

    /** The entries of a map in key order. */
    static List<Map.Entry<Term, Term>> sortedEntries(ErlMap map) {
        List<Map.Entry<Term, Term>> entries = new ArrayList<>(map.entries().entrySet());
        entries.sort(Map.Entry.comparingByKey(INSTANCE));
        return entries;
    }

    private static boolean isNumber(Term t) {
        return t instanceof Int || t instanceof BigInt || t instanceof ErlFloat;
    }

    private int compareTuples(Tuple x, Tuple y) {
        if (x.arity() != y.arity()) {
            return Integer.compare(x.arity(), y.arity());
        }
        for (int i = 0; i < x.arity(); i++) {
            int c = compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareLists(ErlList x, ErlList y) {
        int i = 0;
        int j = 0;
        while (true) {
            if (i == x.size() || j == y.size()) {
                Term restX = i == x.size() ? x.tail() : ErlList.of(x.elements().subList(i, x.size()), x.tail());
                Term restY = j == y.size() ? y.tail() : ErlList.of(y.elements().subList(j, y.size()), y.tail());
                if (restX instanceof ErlList lx && restY instanceof ErlList ly) {
                    x = lx;
                    y = ly;
                    i = 0;
                    j = 0;
                    continue;
                }
                return compare(restX, restY);
            }
            int c = compare(x.get(i++), y.get(j++));
            if (c != 0) {
                return c;
            }
        }
    }

    private int compareMaps(ErlMap x, ErlMap y) {
        if (x.size() != y.size()) {
            return Integer.compare(x.size(), y.size());
        }
        List<Map.Entry<Term, Term>> ex = sortedEntries(x);
        List<Map.Entry<Term, Term>> ey = sortedEntries(y);
        for (int i = 0; i < ex.size(); i++) {
            int c = compare(ex.get(i).getKey(), ey.get(i).getKey());
            if (c != 0) {
                return c;
            }
        }
        for (int i = 0; i < ex.size(); i++) {
            int c = compare(ex.get(i).getValue(), ey.get(i).getValue());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
