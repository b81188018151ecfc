package io.beamlink.process;

import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * One mailbox's links and monitors, guarded by the mailbox's table lock for that mailbox
 * (callers synchronize on this object). Links keep the UNLINK_ID state of dist-protocol §5.2.
 */
final class Signals {
    /** A link: active, or inactive while our UNLINK_ID waits for its ack. */
    static final class Link {
        boolean active = true;
        long unlinkId;
    }

    /**
     * A monitor this mailbox holds: on what, and how to name it in the DOWN message. A monitor
     * by name on another node has no pid; its object is {@code {Name, Node}}.
     */
    record Watching(Pid target, Term object) {
        /** The node the monitored process is on. */
        Atom node() {
            return target != null ? target.node() : (Atom) ((Tuple) object).get(1);
        }

        /** What DEMONITOR_P names: the pid, or the registered name. */
        Term wireTarget() {
            return target != null ? target : ((Tuple) object).get(0);
        }
    }

    /** A monitor on this mailbox: who watches, and whether by name (for MONITOR_P_EXIT). */
    record WatchedBy(Pid watcher, Term byName) {
    }

    final Map<Pid, Link> links = new HashMap<>();
    final Map<Ref, Watching> watching = new HashMap<>();
    final Map<Ref, WatchedBy> watchedBy = new HashMap<>();
}
