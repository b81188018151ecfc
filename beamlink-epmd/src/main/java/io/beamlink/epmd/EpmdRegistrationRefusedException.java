package io.beamlink.epmd;

/**
 * epmd answered ALIVE2_REQ with a non-zero result: the name is registered already (by a live
 * node) or epmd found it invalid. epmd does not say which; OTP reports both as
 * {@code duplicate_name}.
 */
public final class EpmdRegistrationRefusedException extends EpmdException {
    private final int result;

    public EpmdRegistrationRefusedException(String message, int result) {
        super(message);
        this.result = result;
    }

    /** The result byte epmd sent (OTP's epmd sends 1). */
    public int result() {
        return result;
    }
}
