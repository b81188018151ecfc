package io.beamlink.term;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * An Erlang term. The permitted types mirror Erlang's data types, so a {@code switch} with
 * record patterns reads like an Erlang {@code receive} clause.
 *
 * <p>{@code equals}/{@code hashCode} follow exact equality ({@code =:=}): {@code 1} and
 * {@code 1.0} differ. {@link #compareTo} follows Erlang's term order
 * (number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid &lt; tuple &lt; map &lt; nil &lt;
 * list &lt; bitstring), where, as in Erlang, {@code 1 == 1.0} compares as equal.
 */
public sealed interface Term extends Comparable<Term>
        permits Atom, Int, BigInt, ErlFloat, Binary, BitString, Tuple, Nil, ErlList, ErlMap,
                Pid, Port, Ref, Fun, ExportFun {

    @Override
    default int compareTo(Term other) {
        return TermOrder.compare(this, other);
    }

    /** The atom with this name. */
    static Atom atom(String name) {
        return Atom.of(name);
    }

    /** An integer term; the smallest representation that holds the value. */
    static Term integer(long value) {
        return Int.of(value);
    }

    /** An integer term of any size, normalized to {@link Int} when it fits a {@code long}. */
    static Term integer(BigInteger value) {
        return value.bitLength() < 64 ? Int.of(value.longValue()) : new BigInt(value);
    }

    static ErlFloat floating(double value) {
        return new ErlFloat(value);
    }

    static Binary binary(byte[] bytes) {
        return Binary.of(bytes);
    }

    /** A UTF-8 binary, the way Elixir represents strings. */
    static Binary binary(String utf8) {
        return Binary.utf8(utf8);
    }

    static Tuple tuple(Term... elements) {
        return Tuple.of(elements);
    }

    /** A proper list; {@code []} when empty. */
    static Term list(Term... elements) {
        return ErlList.of(Arrays.asList(elements));
    }

    /** A proper list; {@code []} when empty. */
    static Term list(List<? extends Term> elements) {
        return ErlList.of(elements);
    }

    /** Erlang's {@code []}. */
    static Nil nil() {
        return Nil.NIL;
    }
}
