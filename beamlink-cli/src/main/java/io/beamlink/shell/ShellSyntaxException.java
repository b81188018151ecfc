package io.beamlink.shell;

/**
 * Text the shell cannot read: what was wrong and where (1-based line and column within the
 * expression), printed as erl prints compile errors: {@code * 1:5: syntax error before: ')'}.
 */
public final class ShellSyntaxException extends Exception {
    private final int line;
    private final int column;

    public ShellSyntaxException(String problem, int line, int column) {
        super(problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The erl form: {@code * Line:Column: Problem}. */
    public String erlangForm() {
        return "* " + line + ":" + column + ": " + getMessage();
    }
}
