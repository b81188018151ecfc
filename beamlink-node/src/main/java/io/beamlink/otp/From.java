package io.beamlink.otp;

import io.beamlink.term.Pid;
import io.beamlink.term.Term;

/**
 * Who made a call: the caller's pid and the call's tag (a reference, or {@code [alias | Ref]}
 * from OTP 24+ callers). Answer with {@link GenServer#reply}.
 */
public record From(Pid caller, Term tag) {
}
