package io.beamlink.term;

import java.util.Arrays;

/**
 * The containers an encoder is inside, innermost last, each with the index of its next child.
 * {@link TermEncoder} recurses through the first few levels of a term and walks anything deeper
 * with this, so a deeply nested term (which the decoder accepts up to its depth limit) cannot
 * overflow the thread stack. An {@link OutputBuffer} keeps one, so once grown it is reused
 * without allocating.
 */
final class EncodeStack {
    private static final int INITIAL_DEPTH = 8;

    private Term[] containers = new Term[INITIAL_DEPTH];
    private int[] childCounts = new int[INITIAL_DEPTH];
    private int[] nextChildren = new int[INITIAL_DEPTH];
    private int depth;

    int depth() {
        return depth;
    }

    void push(Term container, int childCount) {
        if (depth == containers.length) {
            containers = Arrays.copyOf(containers, 2 * depth);
            childCounts = Arrays.copyOf(childCounts, 2 * depth);
            nextChildren = Arrays.copyOf(nextChildren, 2 * depth);
        }
        containers[depth] = container;
        childCounts[depth] = childCount;
        nextChildren[depth] = 0;
        depth++;
    }

    /** The innermost container's next child, or null (and the container is popped) when it has none left. */
    Term nextChild() {
        int top = depth - 1;
        Term container = containers[top];
        int index = nextChildren[top]++;
        if (index < childCounts[top]) {
            return childAt(container, index);
        }
        containers[top] = null;
        depth = top;
        return null;
    }

    /** Children in encoding order: a tuple's elements; a list's elements, then its tail; a map's keys each followed by its value. */
    private static Term childAt(Term container, int index) {
        return switch (container) {
            case Tuple tuple -> tuple.get(index);
            case ErlList list -> index < list.size() ? list.get(index) : list.tail();
            case ErlMap map -> (index & 1) == 0 ? map.keyAt(index >> 1) : map.valueAt(index >> 1);
            default -> throw new IllegalStateException("not a container: " + container.getClass().getSimpleName());
        };
    }
}
