package io.beamlink.node;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;

/**
 * A {@code nodeup} or {@code nodedown} event, as {@code net_kernel:monitor_nodes/2} reports it.
 *
 * @param up true for nodeup
 * @param node the peer
 * @param visible whether the connection is visible (both sides published) or hidden
 * @param reason for nodedown: {@code connection_closed}, {@code net_tick_timeout}, {@code disconnect}, ...; null for nodeup
 */
public record NodeEvent(boolean up, Atom node, boolean visible, Term reason) {
}
