package io.beamlink.term;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small numbers for the remote nodes a printer meets, 1, 2, 3... in the order it first sees
 * them, the way {@code erl} shows a remote pid as {@code <Index.Id.Serial>} with the index of
 * the node in its own node table. The table is bounded so that printing terms from millions of
 * distinct node names cannot exhaust memory.
 */
final class NodeNumbers {
    static final int CAPACITY = 1 << 16;
    static final int FULL = -1;

    private final ConcurrentHashMap<Atom, Integer> numbers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);

    /** The node's number, or {@link #FULL} when the table has no room for another node. */
    int numberOf(Atom node) {
        Integer known = numbers.get(node);
        if (known != null) {
            return known;
        }
        if (numbers.size() >= CAPACITY) {
            return FULL;
        }
        return numbers.computeIfAbsent(node, n -> next.getAndIncrement());
    }
}
