package io.beamlink.bench.dist;

/** Who sends to whom; each pairing runs the same measurements on the same payloads. */
public enum Pairing {
    BEAMLINK_TO_BEAMLINK("Beamlink -> Beamlink"),
    BEAMLINK_TO_OTP("Beamlink -> OTP"),
    OTP_TO_BEAMLINK("OTP -> Beamlink"),
    OTP_TO_OTP("OTP -> OTP"),
    JINTERFACE_TO_OTP("JInterface -> OTP");

    private final String label;

    Pairing(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
