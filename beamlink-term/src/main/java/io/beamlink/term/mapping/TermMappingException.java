package io.beamlink.term.mapping;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A Java value that has no term form, or a term that cannot become the requested Java type.
 * The message says which value and type, why, and where: a path from the value passed in,
 * such as {@code user.address.zip} or {@code users[2].name}.
 */
public final class TermMappingException extends RuntimeException {
    private final String problem;
    /** Path segments, outermost first; filled in while the exception leaves nested values. */
    private final Deque<String> path = new ArrayDeque<>();

    TermMappingException(String problem) {
        super(problem);
        this.problem = problem;
    }

    TermMappingException(String problem, Throwable cause) {
        super(problem, cause);
        this.problem = problem;
    }

    /** What was wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** Where: {@code address.zip}, {@code [2].name}, {@code [<<"key">>]}; empty at the top level. */
    public String path() {
        StringBuilder sb = new StringBuilder();
        for (String segment : path) {
            if (!sb.isEmpty() && !segment.startsWith("[")) {
                sb.append('.');
            }
            sb.append(segment);
        }
        return sb.toString();
    }

    @Override
    public String getMessage() {
        String where = path();
        return where.isEmpty() ? problem : problem + " at " + where;
    }

    /** Adds the segment of the enclosing value: a field name, or {@code [index]} / {@code [key]}. */
    TermMappingException within(String segment) {
        path.addFirst(segment);
        return this;
    }
}
