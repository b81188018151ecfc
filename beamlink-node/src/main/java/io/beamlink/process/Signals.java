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
 * Also what a remotely spawned process owes its spawner before it first waits (the SPAWN_REPLY
 * ahead of any of its signals): here, not in the mailbox, since most processes owe nothing and
 * an idle process's size is part of issue 5's bounds.
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

    /**
     * Work done once, before the process first waits for a message or when it ends, whichever
     * comes first; taken under this object's monitor, as the end may come on a killer's thread.
     */
    private volatile Runnable owed;
    /** Set once the mailbox has called monitor_node: its end must take it off the node monitors. */
    boolean monitorsNodes;
    // Created on first use: most processes never link or monitor, and an empty HashMap costs 48 bytes.
    private Map<Pid, Link> links;
    private RefMap<Watching> watching;
    private RefMap<WatchedBy> watchedBy;

    /** The links, created if there are none yet; for adding. */
    Map<Pid, Link> links() {
        if (links == null) {
            links = new HashMap<>();
        }
        return links;
    }

    /** The links, possibly empty and then not to be added to. */
    Map<Pid, Link> linksSoFar() {
        return links == null ? Map.of() : links;
    }

    Link link(Pid other) {
        return links == null ? null : links.get(other);
    }

    void removeLink(Pid other) {
        if (links != null) {
            links.remove(other);
        }
    }

    void watch(Ref ref, Watching monitor) {
        if (watching == null) {
            watching = new RefMap<>();
        }
        watching.put(ref, monitor);
    }

    Watching unwatch(Ref ref) {
        return watching == null ? null : watching.remove(ref);
    }

    /** The monitors this mailbox holds, possibly empty and then not to be added to. */
    RefMap<Watching> watchingSoFar() {
        return watching == null ? new RefMap<>() : watching;
    }

    void addWatcher(Ref ref, WatchedBy watcher) {
        if (watchedBy == null) {
            watchedBy = new RefMap<>();
        }
        watchedBy.put(ref, watcher);
    }

    void removeWatcher(Ref ref) {
        if (watchedBy != null) {
            watchedBy.remove(ref);
        }
    }

    /** Drops the monitors held by processes on {@code node} (its connection is lost). */
    void removeWatchersOn(Atom node) {
        if (watchedBy != null) {
            watchedBy.removeIf(w -> w.watcher().node().equals(node));
        }
    }

    /** The monitors on this mailbox, possibly empty and then not to be added to. */
    RefMap<WatchedBy> watchedBySoFar() {
        return watchedBy == null ? new RefMap<>() : watchedBy;
    }

    /** Sets the work the process does before it first waits or when it ends; call before it starts. */
    synchronized void owe(Runnable work) {
        owed = work;
    }

    /** The owed work, once: null after the first call, or when nothing is owed. */
    Runnable takeOwed() {
        if (owed == null) {
            return null; // most waits: no lock
        }
        synchronized (this) {
            Runnable work = owed;
            owed = null;
            return work;
        }
    }

    /** Forgets all three (the mailbox terminated); maps handed out before stay as they were. */
    void clear() {
        links = null;
        watching = null;
        watchedBy = null;
    }
}
