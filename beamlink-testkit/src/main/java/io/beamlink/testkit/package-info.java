/**
 * Starts real OTP peers ({@code erl}, {@code elixir}, {@code epmd}) for interop tests.
 *
 * <ul>
 *   <li>{@link io.beamlink.testkit.OtpEpmd} runs OTP's epmd on a {@link io.beamlink.testkit.FreePort free port};</li>
 *   <li>{@link io.beamlink.testkit.OtpPeer} runs a node that registers there and evaluates Erlang
 *       (or Elixir) sent by the test;</li>
 *   <li>{@link io.beamlink.testkit.OtpRelease} says which OTP installation a peer comes from: the
 *       host's, or a Debian root filesystem prepared by {@code scripts/prepare-otp.sh};
 *       {@code @MethodSource("io.beamlink.testkit.OtpRelease#available")} runs a test against each;</li>
 *   <li>{@link io.beamlink.testkit.OtpPeers} keeps one epmd and one peer per release for a whole
 *       test class.</li>
 * </ul>
 *
 * Everything a test starts is stopped by {@code close()}, and a peer halts by itself when the
 * test JVM goes away (its standard input closes).
 */
package io.beamlink.testkit;
