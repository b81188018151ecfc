package io.beamlink.term;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** Pids, ports, references and local funs: the terms whose standard text lacks node and creation. */
final class Identifiers {
    private Identifiers() {
    }

    static boolean occurIn(Term term) {
        Deque<Term> pending = new ArrayDeque<>();
        pending.push(term);
        while (!pending.isEmpty()) {
            switch (pending.pop()) {
                case Pid p -> {
                    return true;
                }
                case Port p -> {
                    return true;
                }
                case Ref r -> {
                    return true;
                }
                case Fun f -> {
                    return true;
                }
                case Tuple t -> t.elements().forEach(pending::push);
                case ErlList l -> {
                    l.elements().forEach(pending::push);
                    pending.push(l.tail());
                }
                case ErlMap m -> {
                    for (Map.Entry<Term, Term> e : m.entries().entrySet()) {
                        pending.push(e.getKey());
                        pending.push(e.getValue());
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
