package io.beamlink.testkit;

/** An Erlang or Elixir expression a peer evaluated raised an exception (or did not parse). */
public final class OtpEvalException extends RuntimeException {

    private final String expression;
    private final String error;

    OtpEvalException(String nodeName, String expression, String error) {
        super("peer " + nodeName + " failed to evaluate `" + expression + "`: " + error);
        this.expression = expression;
        this.error = error;
    }

    /** The source text that was evaluated. */
    public String expression() {
        return expression;
    }

    /**
     * What the peer reported: {@code Class:Reason} printed with {@code ~0tp} for Erlang
     * (for example {@code error:badarith}), {@code syntax:<message>} when the text did not
     * parse, or Elixir's exception banner for {@link OtpPeer#evalElixir}.
     */
    public String error() {
        return error;
    }
}
