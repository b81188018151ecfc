package io.beamlink.epmd;

/**
 * Request bytes the daemon rejects without a reply. {@link #getMessage()} says what was wrong
 * and where; {@link #otpLogLine()} is the text OTP's epmd logs for the same bytes, which the
 * daemon prints at debug level 0.
 */
final class MalformedRequestException extends Exception {
    private final String otpLogLine;

    MalformedRequestException(String otpLogLine, String detail) {
        super(detail);
        this.otpLogLine = otpLogLine;
    }

    String otpLogLine() {
        return otpLogLine;
    }
}
