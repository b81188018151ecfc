/** The Erlang port mapper: wire messages, a client and a drop-in daemon. */
package io.beamlink.epmd;
