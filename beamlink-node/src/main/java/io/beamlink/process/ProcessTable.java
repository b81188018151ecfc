package io.beamlink.process;

import io.beamlink.dist.ControlMessage;
import io.beamlink.dist.DistFlags;
import io.beamlink.node.NetKernel;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local processes: pid allocation, the registry of names, delivery of messages and
 * signals between local mailboxes and to and from the wire, links and monitors.
 */
public final class ProcessTable implements NetKernel.Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTable.class);
    static final Atom NOPROC = Atom.of("noproc");
    static final Atom NOCONNECTION = Atom.of("noconnection");
    static final Atom NODEDOWN = Atom.of("nodedown");
    private static final Atom LINK = Atom.of("link");
    private static final Atom MONITOR = Atom.of("monitor");
    private static final Atom UNDEF = Atom.of("undef");
    public static final Atom NONODE = Atom.of("nonode@nohost");

    private final MailboxIndex byId = new MailboxIndex();
    private final Map<Atom, Mailbox> byName = new ConcurrentHashMap<>();
    private final Map<Atom, List<Mailbox>> nodeMonitors = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicLong nextRef = new AtomicLong(1);
    private final AtomicLong nextUnlinkId = new AtomicLong(1);
    private final AtomicReference<NetKernel> kernel = new AtomicReference<>();
    private final int refSalt = new java.security.SecureRandom().nextInt();
    private volatile SpawnHandler spawnHandler = (module, function, args) -> self -> {
        throw new ExitException(Tuple.of(UNDEF, Term.list(Tuple.of(module, function, args, Term.nil()))));
    };

    /** The node name pids and refs carry now: {@code nonode@nohost} until distribution starts. */
    public Atom node() {
        NetKernel k = kernel.get();
        return k == null ? NONODE : k.self();
    }

    int creation() {
        NetKernel k = kernel.get();
        return k == null ? 0 : k.creation();
    }

    /**
     * Attaches (or with null, detaches) the distribution layer. Local pids are relabelled with
     * the node's new name and creation, as Erlang's local pids take the node name on.
     */
    public void attach(NetKernel netKernel) {
        kernel.set(netKernel);
        Atom node = node();
        int creation = creation();
        for (Mailbox m : byId.values()) {
            Pid old = m.self();
            m.relabel(new Pid(node, old.id(), old.serial(), creation));
        }
    }

    /** A new mailbox with a fresh pid. */
    public Mailbox newMailbox() {
        int id = nextId.getAndIncrement();
        Mailbox mailbox = new Mailbox(this, new Pid(node(), id, 0, creation()));
        byId.add(id, mailbox);
        return mailbox;
    }

    /**
     * Starts a process: a new mailbox and a virtual thread running {@code body}. With
     * {@code linkTo}, the new process is linked to that mailbox before it runs
     * ({@code spawn_link}); with {@code monitorFrom}, that mailbox monitors it
     * ({@code spawn_monitor}) and the monitor is in the result.
     */
    public Spawned spawn(ProcessBody body, Mailbox linkTo, Mailbox monitorFrom) {
        Mailbox mailbox = newMailbox();
        if (linkTo != null) {
            link(linkTo, mailbox.self());
        }
        Ref monitor = monitorFrom != null ? monitor(monitorFrom, mailbox.self()) : null;
        start(mailbox, body);
        ProcessScheduler.reduce();
        return new Spawned(mailbox.self(), monitor);
    }

    private static void start(Mailbox mailbox, ProcessBody body) {
        // Unnamed: a name string per process costs memory and spawn time, and the pid says more.
        Thread thread = ProcessScheduler.newThread(mailbox);
        mailbox.runAs(thread, body);
        thread.start();
    }

    /** {@code make_ref()}. */
    public Ref makeRef() {
        long n = nextRef.getAndIncrement();
        return new Ref(node(), creation(), (int) n, (int) (n >>> 32), refSalt);
    }

    /** {@code register(Name, Pid)}: false when the name is taken or the mailbox already has one. */
    public boolean register(Atom name, Mailbox mailbox) {
        if (!mailbox.isAlive() || mailbox.name().isPresent() || name.name().equals("undefined")) {
            return false;
        }
        if (byName.putIfAbsent(name, mailbox) != null) {
            return false;
        }
        mailbox.setName(name);
        return true;
    }

    /** {@code unregister(Name)}. */
    public boolean unregister(Atom name) {
        Mailbox mailbox = byName.remove(name);
        if (mailbox == null) {
            return false;
        }
        mailbox.setName(null);
        return true;
    }

    /** {@code whereis(Name)}. */
    public Mailbox whereis(Atom name) {
        return byName.get(name);
    }

    /** {@code registered()}. */
    public List<Atom> registered() {
        return List.copyOf(byName.keySet());
    }

    public List<Mailbox> mailboxes() {
        return List.copyOf(byId.values());
    }

    /**
     * The local mailbox of a pid, or null when the pid is remote or dead. A pid taken before
     * distribution started ({@code nonode@nohost}) still names its mailbox.
     */
    public Mailbox local(Pid pid) {
        Mailbox m = byId.get(pid.id());
        if (m == null) {
            return null;
        }
        Pid current = m.self();
        boolean same = current.equals(pid)
                || pid.node().equals(NONODE) && pid.creation() == 0 && pid.serial() == current.serial();
        return same ? m : null;
    }

    /** True when the pid belongs to this node (now, or before distribution started). */
    boolean isLocal(Pid pid) {
        Atom node = pid.node();
        return node.equals(NONODE) || node.equals(node()) && pid.creation() == creation();
    }

    /** Sends; true when a local process waiting in receive will run for this message. */
    boolean send(Pid from, Pid to, Term message) {
        if (isLocal(to)) {
            Mailbox target = local(to);
            return target != null && target.deliver(message);
        }
        remoteMessage(to.node(), new ControlMessage.Send(from, to, message));
        return false;
    }

    boolean send(Pid from, Atom name, Term message) {
        Mailbox target = byName.get(name);
        if (target == null) {
            throw new IllegalArgumentException("badarg: no process registered as " + name.name());
        }
        return target.deliver(message);
    }

    boolean send(Pid from, Atom name, Atom node, Term message) {
        if (node.equals(node()) || node.equals(NONODE)) {
            Mailbox target = byName.get(name);
            return target != null && target.deliver(message);
        }
        remoteMessage(node, new ControlMessage.RegSend(from, name, message));
        return false;
    }

    /**
     * {@code Alias ! Message} to an alias another node made (Beamlink makes none), connecting
     * first when need be, as a send to a pid does (only OTP 24+ make aliases, and they all take
     * alias sends). False, with nothing sent, when the connection to that node negotiated no
     * alias sends, or distribution is not running.
     */
    boolean sendToAlias(Pid from, Ref alias, Term message) {
        NetKernel k = kernel.get();
        if (k == null || alias.node().equals(node()) || alias.node().equals(NONODE)) {
            return false;
        }
        if (k.connection(alias.node()).map(c -> (c.flags() & DistFlags.ALIAS) == 0).orElse(false)) {
            return false;
        }
        remoteMessage(alias.node(), new ControlMessage.AliasSend(from, alias, message));
        return true;
    }

    private boolean remote(Atom node, ControlMessage message) {
        NetKernel k = kernel.get();
        return k != null && k.send(node, message);
    }

    /** Sends a process's message to another node; its answer, if one comes, is what the carrier then waits for. */
    private void remoteMessage(Atom node, ControlMessage message) {
        if (remote(node, message)) {
            ProcessScheduler.sentToAnotherNode();
        }
    }

    /** Sends a link or monitor signal only when the node is (or can be) connected. */
    private boolean remoteSignal(Atom node, ControlMessage message) {
        NetKernel k = kernel.get();
        return k != null && k.ensureConnected(node) && k.send(node, message);
    }

    /**
     * {@code monitor_node(Node, true)}: {@code {nodedown, Node}} arrives when the connection is
     * lost, or at once when it cannot be made. With {@code on} false, one such monitor is removed.
     */
    public void monitorNode(Mailbox mailbox, Atom node, boolean on) {
        if (!on) {
            removeNodeMonitor(mailbox, node);
            return;
        }
        NetKernel k = kernel.get();
        if (k != null && node.equals(node())) {
            // As in OTP: this node does not go down for its own processes.
            return;
        }
        if (k == null || !k.ensureConnected(node)) {
            mailbox.deliver(Tuple.of(NODEDOWN, node));
            return;
        }
        Signals signals = mailbox.signals();
        synchronized (signals) {
            signals.monitorsNodes = true;
        }
        // Added inside the map's operation: a list taken by a nodedown, or dropped when it
        // emptied, is never added to.
        nodeMonitors.compute(node, (n, list) -> {
            List<Mailbox> monitors = list != null ? list : new java.util.concurrent.CopyOnWriteArrayList<>();
            monitors.add(mailbox);
            return monitors;
        });
        if (k.connection(node).isEmpty()) {
            // A nodedown handled since the check took the list before this monitor was in it.
            if (removeNodeMonitor(mailbox, node)) {
                mailbox.deliver(Tuple.of(NODEDOWN, node));
            }
        } else if (!mailbox.isAlive()) {
            // The process ended meanwhile, and its end swept the monitors before this one was in.
            removeNodeMonitor(mailbox, node);
        }
    }

    /** Removes one of {@code mailbox}'s monitors of {@code node}; false when it had none. */
    private boolean removeNodeMonitor(Mailbox mailbox, Atom node) {
        boolean[] removed = new boolean[1];
        nodeMonitors.computeIfPresent(node, (n, list) -> {
            removed[0] = list.remove(mailbox);
            return list.isEmpty() ? null : list;
        });
        return removed[0];
    }

    // ---- links ----

    void link(Mailbox mailbox, Pid other) {
        if (other.equals(mailbox.self())) {
            return;
        }
        if (isLocal(other)) {
            Mailbox peer = local(other);
            if (peer == null) {
                mailbox.onExitSignal(other, NOPROC, true);
                return;
            }
            addLink(mailbox, other);
            addLink(peer, mailbox.self());
            return;
        }
        addLink(mailbox, other);
        if (!remoteSignal(other.node(), new ControlMessage.Link(mailbox.self(), other))) {
            removeLink(mailbox, other);
            mailbox.onExitSignal(other, NOCONNECTION, true);
        }
    }

    private static void addLink(Mailbox mailbox, Pid other) {
        Signals mailboxSignals = mailbox.signals();
        synchronized (mailboxSignals) {
            Signals.Link link = mailboxSignals.links().computeIfAbsent(other, p -> new Signals.Link());
            link.active = true;
            link.unlinkId = 0;
        }
    }

    private static void removeLink(Mailbox mailbox, Pid other) {
        Signals mailboxSignals = mailbox.signalsIfAny();
        if (mailboxSignals != null) {
            synchronized (mailboxSignals) {
                mailboxSignals.removeLink(other);
            }
        }
    }

    /** Removes the monitor {@code ref} from those watching {@code target}, if it has any. */
    private static void removeWatcher(Mailbox target, Ref ref) {
        Signals targetSignals = target.signalsIfAny();
        if (targetSignals != null) {
            synchronized (targetSignals) {
                targetSignals.removeWatcher(ref);
            }
        }
    }

    void unlink(Mailbox mailbox, Pid other) {
        if (isLocal(other)) {
            removeLink(mailbox, other);
            Mailbox peer = local(other);
            if (peer != null) {
                removeLink(peer, mailbox.self());
            }
            return;
        }
        long id;
        Signals mailboxSignals = mailbox.signalsIfAny();
        if (mailboxSignals == null) {
            return;
        }
        synchronized (mailboxSignals) {
            Signals.Link link = mailboxSignals.link(other);
            if (link == null || !link.active) {
                return;
            }
            link.active = false;
            link.unlinkId = nextUnlinkId.getAndIncrement();
            id = link.unlinkId;
        }
        remote(other.node(), new ControlMessage.UnlinkId(id, mailbox.self(), other));
    }

    // ---- monitors ----

    Ref monitor(Mailbox watcher, Pid target) {
        Ref ref = makeRef();
        if (isLocal(target)) {
            Mailbox m = local(target);
            if (m == null || !addWatcher(m, ref, watcher.self(), null)) {
                watcher.deliver(down(ref, target, NOPROC));
                return ref;
            }
            Signals watcherSignals = watcher.signals();
            synchronized (watcherSignals) {
                watcherSignals.watch(ref, new Signals.Watching(target, target));
            }
            return ref;
        }
        Signals watcherSignals = watcher.signals();
        synchronized (watcherSignals) {
            watcherSignals.watch(ref, new Signals.Watching(target, target));
        }
        if (!remoteSignal(target.node(), new ControlMessage.Monitor(watcher.self(), target, ref))) {
            fireDown(watcher, ref, NOCONNECTION);
        }
        return ref;
    }

    Ref monitor(Mailbox watcher, Atom name, Atom node) {
        Ref ref = makeRef();
        Term object = Tuple.of(name, node);
        if (node.equals(node()) || node.equals(NONODE)) {
            Mailbox m = byName.get(name);
            if (m == null || !addWatcher(m, ref, watcher.self(), name)) {
                watcher.deliver(down(ref, object, NOPROC));
                return ref;
            }
            Signals watcherSignals = watcher.signals();
            synchronized (watcherSignals) {
                watcherSignals.watch(ref, new Signals.Watching(m.self(), object));
            }
            return ref;
        }
        Signals watcherSignals = watcher.signals();
        synchronized (watcherSignals) {
            watcherSignals.watch(ref, new Signals.Watching(null, object));
        }
        if (!remoteSignal(node, new ControlMessage.Monitor(watcher.self(), name, ref))) {
            fireDown(watcher, ref, NOCONNECTION);
        }
        return ref;
    }

    private static boolean addWatcher(Mailbox target, Ref ref, Pid watcher, Atom byName) {
        Signals targetSignals = target.signals();
        synchronized (targetSignals) {
            if (!target.isAlive()) {
                return false;
            }
            targetSignals.addWatcher(ref, new Signals.WatchedBy(watcher, byName));
            return true;
        }
    }

    void demonitor(Mailbox watcher, Ref ref) {
        Signals.Watching w;
        Signals watcherSignals = watcher.signalsIfAny();
        if (watcherSignals == null) {
            return;
        }
        synchronized (watcherSignals) {
            w = watcherSignals.unwatch(ref);
        }
        if (w == null) {
            return;
        }
        if (w.target() != null && isLocal(w.target())) {
            Mailbox m = local(w.target());
            if (m != null) {
                removeWatcher(m, ref);
            }
            return;
        }
        // Nothing waits for the peer to drop the monitor (a DOWN that crosses it is dropped here,
        // the watcher no longer has the monitor), so it may wait for the next write.
        NetKernel k = kernel.get();
        if (k != null) {
            k.sendLazily(w.node(), new ControlMessage.Demonitor(watcher.self(), w.wireTarget(), ref));
        }
    }

    private static Tuple down(Ref ref, Term object, Term reason) {
        return Tuple.of(Mailbox.DOWN, ref, Mailbox.PROCESS, object, reason);
    }

    private static void fireDown(Mailbox watcher, Ref ref, Term reason) {
        Signals.Watching w;
        Signals watcherSignals = watcher.signalsIfAny();
        if (watcherSignals == null) {
            return;
        }
        synchronized (watcherSignals) {
            w = watcherSignals.unwatch(ref);
        }
        if (w != null) {
            watcher.deliver(down(ref, w.object(), reason));
        }
    }

    // ---- exits ----

    void exitSignal(Pid from, Pid to, Term reason) {
        if (isLocal(to)) {
            Mailbox m = local(to);
            if (m != null) {
                m.onExitSignal(from, reason, false);
            }
            return;
        }
        remote(to.node(), new ControlMessage.Exit2(from, to, reason));
    }

    /**
     * A mailbox ended: free its pid and name, tell its links and monitors, then do what it owed
     * before it first waited (a remote spawn's reply, which an exit signal or DOWN just sent to
     * the same node took along). Here rather than in {@link Mailbox#run}, whose frame is at the bottom
     * of every parked process's stack: compiled into it, the flush made every parked process
     * larger (see the Processes section of docs/benchmarks.md).
     */
    void terminated(Mailbox mailbox, Term reason) {
        tellLinksAndMonitors(mailbox, reason);
        mailbox.runBeforeFirstWait();
    }

    private void tellLinksAndMonitors(Mailbox mailbox, Term reason) {
        byId.remove(mailbox.self().id(), mailbox);
        mailbox.name().ifPresent(n -> {
            byName.remove(n, mailbox);
            mailbox.setName(null);
        });
        Signals signals = mailbox.signalsIfAny();
        if (signals == null) {
            return;
        }
        Map<Pid, Signals.Link> links;
        RefMap<Signals.WatchedBy> watchers;
        RefMap<Signals.Watching> watching;
        boolean monitorsNodes;
        synchronized (signals) {
            links = signals.linksSoFar();
            watchers = signals.watchedBySoFar();
            watching = signals.watchingSoFar();
            monitorsNodes = signals.monitorsNodes;
            signals.clear();
        }
        if (monitorsNodes) {
            // A dead process keeps none of its node monitors (each monitor_node call made one).
            for (Atom node : nodeMonitors.keySet()) {
                nodeMonitors.computeIfPresent(node, (n, list) -> {
                    list.removeIf(m -> m == mailbox);
                    return list.isEmpty() ? null : list;
                });
            }
        }
        Pid self = mailbox.self();
        links.forEach((pid, link) -> {
            if (!link.active) {
                return;
            }
            if (isLocal(pid)) {
                Mailbox peer = local(pid);
                if (peer != null) {
                    removeLink(peer, self);
                    peer.onExitSignal(self, reason, true);
                }
            } else {
                remote(pid.node(), new ControlMessage.Exit(self, pid, reason));
            }
        });
        watchers.forEach((ref, w) -> {
            Term object = w.byName() != null ? Tuple.of(w.byName(), node()) : self;
            if (isLocal(w.watcher())) {
                Mailbox watcher = local(w.watcher());
                if (watcher != null) {
                    fireDown(watcher, ref, reason);
                }
            } else {
                Term from = w.byName() != null ? w.byName() : self;
                remote(w.watcher().node(), new ControlMessage.MonitorExit(from, w.watcher(), ref, reason));
            }
        });
        watching.forEach((ref, w) -> {
            if (w.target() == null || !isLocal(w.target())) {
                remote(w.node(), new ControlMessage.Demonitor(self, w.wireTarget(), ref));
            } else {
                Mailbox m = local(w.target());
                if (m != null) {
                    removeWatcher(m, ref);
                }
            }
        });
    }

    // ---- from the wire ----

    @Override
    public void onMessage(Atom fromNode, ControlMessage message) {
        if (!(message instanceof ControlMessage.Send || message instanceof ControlMessage.RegSend)) {
            // Other signals may take longer (an exit can end processes): wake earlier receivers first.
            HeldWakeups.release();
        }
        switch (message) {
            case ControlMessage.Send m -> {
                Mailbox target = local(m.to());
                if (target != null) {
                    target.deliverFromReader(m.message());
                } else {
                    LOG.debug("dropped a message from {} to dead or unknown pid {}", fromNode, m.to());
                }
            }
            case ControlMessage.RegSend m -> {
                Mailbox target = byName.get(m.toName());
                if (target != null) {
                    target.deliverFromReader(m.message());
                } else {
                    // Erlang drops messages to unregistered names; global and pg peers send such.
                    LOG.debug("dropped a message from {} to unregistered name {}", fromNode, m.toName());
                }
            }
            case ControlMessage.Link m -> {
                Mailbox target = local(m.to());
                if (target == null) {
                    remote(fromNode, new ControlMessage.Exit(m.to(), m.from(), NOPROC));
                } else {
                    Signals targetSignals = target.signals();
                    synchronized (targetSignals) {
                        targetSignals.links().putIfAbsent(m.from(), new Signals.Link());
                    }
                }
            }
            case ControlMessage.UnlinkId m -> {
                Mailbox target = local(m.to());
                Signals targetSignals = target == null ? null : target.signalsIfAny();
                if (targetSignals != null) {
                    synchronized (targetSignals) {
                        Signals.Link link = targetSignals.link(m.from());
                        if (link != null && link.active) {
                            targetSignals.removeLink(m.from());
                        }
                    }
                }
                remote(fromNode, new ControlMessage.UnlinkIdAck(m.id(), m.to(), m.from()));
            }
            case ControlMessage.UnlinkIdAck m -> {
                Mailbox target = local(m.to());
                Signals targetSignals = target == null ? null : target.signalsIfAny();
                if (targetSignals != null) {
                    synchronized (targetSignals) {
                        Signals.Link link = targetSignals.link(m.from());
                        if (link != null && !link.active && link.unlinkId == m.id()) {
                            targetSignals.removeLink(m.from());
                        }
                    }
                }
            }
            case ControlMessage.Exit m -> {
                Mailbox target = local(m.to());
                Signals targetSignals = target == null ? null : target.signalsIfAny();
                if (targetSignals != null) {
                    boolean active;
                    synchronized (targetSignals) {
                        Signals.Link link = targetSignals.link(m.from());
                        active = link != null && link.active;
                        if (active) {
                            targetSignals.removeLink(m.from());
                        }
                    }
                    if (active) {
                        target.onExitSignal(m.from(), m.reason(), true);
                    }
                }
            }
            case ControlMessage.Exit2 m -> {
                Mailbox target = local(m.to());
                if (target != null) {
                    target.onExitSignal(m.from(), m.reason(), false);
                }
            }
            case ControlMessage.Monitor m -> onMonitor(fromNode, m);
            case ControlMessage.Demonitor m -> {
                Mailbox target = m.target() instanceof Pid p ? local(p) : byName.get((Atom) m.target());
                if (target != null) {
                    removeWatcher(target, m.ref());
                }
            }
            case ControlMessage.MonitorExit m -> {
                Mailbox watcher = local(m.to());
                if (watcher != null) {
                    fireDown(watcher, m.ref(), m.reason());
                }
            }
            case ControlMessage.SpawnRequest m -> onSpawnRequest(fromNode, m);
            case ControlMessage.GroupLeader m -> LOG.debug("ignored group leader change from {}", fromNode);
            case ControlMessage.SpawnReply m -> LOG.debug("ignored a spawn reply from {}", fromNode);
            case ControlMessage.AliasSend m -> LOG.debug("dropped an alias message from {}", fromNode);
            case ControlMessage.AltactSig m -> LOG.debug("dropped an alternate-action signal from {}", fromNode);
        }
    }

    /**
     * A remote {@code spawn_request}: make the process, set up the link and monitor it asks for,
     * queue SPAWN_REPLY, and only then let it run, so the reply comes before any exit signal.
     * The reader only queues the reply (it never writes, see {@link io.beamlink.dist.ServiceThreads}):
     * the new process writes it with its first send to that node (for erpc, the DOWN that
     * carries the result: both go in one write), or before it first waits or when it ends; the
     * connection writes it after its lazy write delay (5 ms by default) if none of these comes.
     */
    private void onSpawnRequest(Atom fromNode, ControlMessage.SpawnRequest m) {
        boolean link = false;
        boolean monitor = false;
        Term options = m.options();
        while (options instanceof io.beamlink.term.ErlList list) {
            for (Term option : list.elements()) {
                link |= option.equals(LINK);
                monitor |= option.equals(MONITOR) || option instanceof Tuple t && t.isTagged(MONITOR, 2);
            }
            options = list.tail();
        }
        SpawnHandler handler = spawnHandler;
        ProcessBody body = handler.bodyFor(m.module(), m.function(), m.args());
        Mailbox mailbox = newMailbox();
        if (link) {
            addLink(mailbox, m.from());
        }
        if (monitor) {
            addWatcher(mailbox, m.requestId(), m.from(), null);
        }
        int flags = (link ? 1 : 0) | (monitor ? 2 : 0);
        NetKernel k = kernel.get();
        if (k != null) {
            k.sendLazily(fromNode, new ControlMessage.SpawnReply(m.requestId(), m.from(), flags, mailbox.self()));
            mailbox.signals().owe(() -> k.flush(fromNode));
        }
        start(mailbox, body);
    }

    /** Sets what remote spawn requests run (the OTP layer's rpc dispatcher). */
    public void spawnHandler(SpawnHandler handler) {
        this.spawnHandler = java.util.Objects.requireNonNull(handler, "handler");
    }

    private void onMonitor(Atom fromNode, ControlMessage.Monitor m) {
        Mailbox target;
        Atom monitoredName = null;
        if (m.target() instanceof Atom name) {
            target = byName.get(name);
            monitoredName = name;
        } else if (m.target() instanceof Pid pid) {
            target = local(pid);
        } else {
            target = null;
        }
        if (target == null || !addWatcher(target, m.ref(), m.from(), monitoredName)) {
            remote(fromNode, new ControlMessage.MonitorExit(m.target(), m.from(), m.ref(), NOPROC));
        }
    }

    /** The reader that called {@link #onMessage} ended its run: wake the receivers it held back. */
    @Override
    public void onRunDispatched() {
        HeldWakeups.release();
    }

    @Override
    public void onNodeDown(Atom node, Term reason) {
        List<Mailbox> watchingNode = nodeMonitors.remove(node);
        if (watchingNode != null) {
            for (Mailbox m : watchingNode) {
                m.deliver(Tuple.of(NODEDOWN, node));
            }
        }
        for (Mailbox mailbox : byId.values()) {
            List<Pid> linked = new ArrayList<>();
            List<Ref> downs = new ArrayList<>();
            Signals signals = mailbox.signalsIfAny();
            if (signals == null) {
                continue;
            }
            synchronized (signals) {
                signals.linksSoFar().forEach((pid, link) -> {
                    if (pid.node().equals(node)) {
                        linked.add(pid);
                    }
                });
                linked.forEach(signals::removeLink);
                signals.removeWatchersOn(node);
                signals.watchingSoFar().forEach((ref, w) -> {
                    if (w.node().equals(node)) {
                        downs.add(ref);
                    }
                });
            }
            for (Ref ref : downs) {
                fireDown(mailbox, ref, NOCONNECTION);
            }
            for (Pid pid : linked) {
                mailbox.onExitSignal(pid, NOCONNECTION, true);
            }
        }
    }
}
