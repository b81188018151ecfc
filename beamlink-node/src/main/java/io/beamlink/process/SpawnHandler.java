package io.beamlink.process;

import io.beamlink.term.Atom;
import io.beamlink.term.Term;

/**
 * What a remote {@code spawn_request} for {@code Module:Function(Args)} runs on this node.
 * Beamlink cannot run Erlang code: the OTP layer maps the MFAs it knows (erpc's, Java handlers)
 * to process bodies.
 */
@FunctionalInterface
public interface SpawnHandler {
    /** The body to run for {@code module:function(args...)}; {@code args} is a proper list. */
    ProcessBody bodyFor(Atom module, Atom function, Term args);
}
