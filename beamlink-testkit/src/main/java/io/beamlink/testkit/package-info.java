/** Starts real OTP peers (erl, elixir, epmd) for interop tests. */
package io.beamlink.testkit;
