package io.beamlink.term;

/**
 * Text that is not a term in Erlang syntax, or that exceeds a limit of the parser. The
 * message says what was expected and where; {@link #line()} and {@link #column()} (both from
 * 1, columns counted in characters) and {@link #offset()} (in UTF-16 units from the start)
 * give the position.
 */
public final class TermParseException extends Exception {
    private final int line;
    private final int column;
    private final int offset;

    public TermParseException(String problem, int line, int column, int offset) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public int offset() {
        return offset;
    }
}
