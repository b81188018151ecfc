package io.beamlink.shell;

import io.beamlink.term.Atom;
import io.beamlink.term.BigInt;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlFloat;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.List;

/** A few BIFs on terms, for taking results apart in the shell and in guards, and {@code timer:sleep/1}. */
final class TermFunctions {
    void install(FunctionTable table) {
        table.addBif("element", 2, "element(N, Tuple)", this::element);
        table.addBif("hd", 1, "hd(List)", args -> first(args.getFirst()).getFirst());
        table.addBif("tl", 1, "tl(List)", args -> {
            if (!(args.getFirst() instanceof ErlList l)) {
                throw ShellException.badarg();
            }
            return ErlList.of(l.elements().subList(1, l.size()), l.tail());
        });
        table.addBif("length", 1, "length(List)", args -> Int.of(Arithmetic.elements(args.getFirst()).size()));
        table.addBif("tuple_size", 1, "tuple_size(Tuple)", args -> {
            if (!(args.getFirst() instanceof Tuple t)) {
                throw ShellException.badarg();
            }
            return Int.of(t.arity());
        });
        table.addBif("map_size", 1, "map_size(Map)", args -> {
            if (!(args.getFirst() instanceof ErlMap m)) {
                throw ShellException.badarg();
            }
            return Int.of(m.size());
        });
        table.addBif("abs", 1, "abs(Number)", args -> switch (args.getFirst()) {
            case Int(long v) when v != Long.MIN_VALUE -> Int.of(Math.abs(v));
            case Int i -> Term.integer(i.bigValue().abs());
            case BigInt(var v) -> Term.integer(v.abs());
            case ErlFloat(double v) -> new ErlFloat(Math.abs(v));
            default -> throw ShellException.badarg();
        });
        typeTest(table, "is_atom", t -> t instanceof Atom);
        typeTest(table, "is_binary", t -> t instanceof Binary);
        typeTest(table, "is_boolean", t -> t instanceof Atom a && a.isBoolean());
        typeTest(table, "is_float", t -> t instanceof ErlFloat);
        typeTest(table, "is_integer", t -> t instanceof Int || t instanceof BigInt);
        typeTest(table, "is_list", t -> t instanceof ErlList || t instanceof Nil);
        typeTest(table, "is_map", t -> t instanceof ErlMap);
        typeTest(table, "is_number", t -> t instanceof Int || t instanceof BigInt || t instanceof ErlFloat);
        typeTest(table, "is_pid", t -> t instanceof Pid);
        typeTest(table, "is_reference", t -> t instanceof Ref);
        typeTest(table, "is_tuple", t -> t instanceof Tuple);
        table.add("maps", "to_list", 1, "maps:to_list(Map): [{Key, Value}]", args -> {
            List<Term> pairs = new java.util.ArrayList<>();
            for (java.util.Map.Entry<Term, Term> e : map(args.getFirst()).entries().entrySet()) {
                pairs.add(Tuple.of(e.getKey(), e.getValue()));
            }
            return ErlList.of(pairs);
        });
        table.add("maps", "keys", 1, "maps:keys(Map)", args -> ErlList.of(List.copyOf(map(args.getFirst()).entries().keySet())));
        table.add("maps", "get", 2, "maps:get(Key, Map)", args -> {
            Term value = map(args.get(1)).get(args.get(0));
            if (value == null) {
                throw ShellException.error(Tuple.of(Atom.of("badkey"), args.get(0)));
            }
            return value;
        });
        table.add("lists", "keyfind", 3, "lists:keyfind(Key, N, TupleList): the first tuple whose Nth element is Key,"
                + " or false", args -> {
            if (!(args.get(1) instanceof Int(long n)) || n < 1) {
                throw ShellException.badarg();
            }
            for (Term element : Arithmetic.elements(args.get(2))) {
                if (element instanceof Tuple t && t.arity() >= n && t.get((int) n - 1).equals(args.get(0))) {
                    return t;
                }
            }
            return Atom.FALSE;
        });
        table.add("timer", "sleep", 1, "timer:sleep(Ms)", args -> {
            if (!(args.getFirst() instanceof Int(long ms)) || ms < 0) {
                throw ShellException.badarg();
            }
            Thread.sleep(Duration.ofMillis(ms));
            return Atom.OK;
        });
    }

    private Term element(List<Term> args) throws ShellException {
        if (!(args.get(0) instanceof Int(long n)) || !(args.get(1) instanceof Tuple t) || n < 1 || n > t.arity()) {
            throw ShellException.badarg();
        }
        return t.get((int) n - 1);
    }

    private static ErlMap map(Term t) throws ShellException {
        if (t instanceof ErlMap m) {
            return m;
        }
        throw ShellException.error(Tuple.of(Atom.of("badmap"), t));
    }

    private static List<Term> first(Term list) throws ShellException {
        if (!(list instanceof ErlList l)) {
            throw ShellException.badarg();
        }
        return l.elements();
    }

    private interface TypeTest {
        boolean test(Term t);
    }

    private static void typeTest(FunctionTable table, String name, TypeTest test) {
        table.addBif(name, 1, name + "(Term)", args -> Atom.of(test.test(args.getFirst())));
    }
}
