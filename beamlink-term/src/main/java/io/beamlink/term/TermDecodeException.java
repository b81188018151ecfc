package io.beamlink.term;

/**
 * Bytes that are not a valid External Term Format encoding, or that exceed a configured limit.
 * The message says what was wrong; {@link #offset()} says where, counted from the start of the
 * input.
 */
public final class TermDecodeException extends Exception {
    private final long offset;

    public TermDecodeException(String problem, long offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    public TermDecodeException(String problem, long offset, Throwable cause) {
        super(problem + " at offset " + offset, cause);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
