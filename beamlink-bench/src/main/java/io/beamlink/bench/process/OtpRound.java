package io.beamlink.bench.process;

/**
 * What an OTP round measured: the figures both runtimes measure, and the erpc calls the erl node
 * makes to another erl node and to a Beamlink node.
 *
 * @param figures the figures both runtimes measure (remote call: OTP to OTP)
 * @param erpcToOtpNanos one {@code erpc:call(Node, erlang, node, [])} to the other erl node
 * @param erpcToBeamlinkNanos the same call to a Beamlink node
 */
public record OtpRound(RoundFigures figures, double erpcToOtpNanos, double erpcToBeamlinkNanos) {
}
