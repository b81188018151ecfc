package io.beamlink.process;

import io.beamlink.dist.InterruptShield;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mailbox with a pid: what a Beamlink process receives through, and what plain Java threads
 * use to talk to Erlang processes. Messages from one sender arrive in the order sent; receive
 * blocks with an optional timeout and can be selective (messages that do not match stay in
 * order for later).
 *
 * <p>Any number of threads may send; one thread at a time receives (as one Erlang process owns
 * its mailbox).
 *
 * <p>Exit signals follow Erlang: a link's {@code normal} exit is ignored unless exits are
 * trapped, {@code kill} cannot be trapped, and an untrapped abnormal exit kills the mailbox:
 * its receive calls then throw {@link ExitException}.
 *
 * <p>A spawned process's mailbox is also the task its thread runs ({@link #run}), and its
 * monitor guards the messages taken so far: one object per process fewer for each (an idle
 * process's size is part of issue 5's bounds). Code must not synchronize on a mailbox: only its
 * receiver and {@link #queueLength()} take that monitor, never the node's own threads (exit
 * signals, links and monitors do without it), so such code stalls only itself.
 */
public final class Mailbox implements AutoCloseable, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    static final Atom EXIT = Atom.of("EXIT");
    static final Atom DOWN = Atom.of("DOWN");
    static final Atom PROCESS = Atom.of("process");
    static final Atom NORMAL = Atom.of("normal");
    static final Atom KILL = Atom.of("kill");
    static final Atom KILLED = Atom.of("killed");

    /** A receive timeout this long or longer waits forever (as {@code infinity}); it would not fit in a deadline. */
    static final Duration FOREVER = Duration.ofDays(100 * 365);
    /** The arrivals stack of a terminated mailbox: messages sent to it are dropped. */
    private static final Queued CLOSED = new Queued(null);
    private static final VarHandle ARRIVALS;
    private static final VarHandle PENDING_WAKE_UP;
    private static final VarHandle EXIT_REASON;
    private static final VarHandle SIGNALS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ARRIVALS = lookup.findVarHandle(Mailbox.class, "arrivals", Queued.class);
            PENDING_WAKE_UP = lookup.findVarHandle(Mailbox.class, "pendingWakeUp", ReceiveTimer.WakeUp.class);
            EXIT_REASON = lookup.findVarHandle(Mailbox.class, "exitReason", Term.class);
            SIGNALS = lookup.findVarHandle(Mailbox.class, "signals", Signals.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One message waiting, linked to the next. */
    private static final class Queued {
        final Term message;
        Queued next;

        Queued(Term message) {
            this.message = message;
        }
    }

    private final ProcessTable table;
    private volatile Pid self;
    /**
     * Messages sent and not yet taken by the receiver, newest first. Senders push with a
     * compare-and-set and never wait for the receiver, which takes the whole stack at once.
     */
    private volatile Queued arrivals;
    /** Taken messages in arrival order, oldest first; guarded by this mailbox's monitor. */
    private Queued first;
    private Queued last;
    /** Set by removals outside receive (flush, close), so a waiting receive rescans. */
    private boolean removedOutsideReceive;
    /** The thread parked in receive, to be unparked by the next sender; null when none waits. */
    private volatile Thread waiter;
    /** True while the receiver yields its carrier before parking (see {@link #awaitArrival}). */
    private volatile boolean yielding;
    /**
     * Set when this mailbox's thread sent a message that a waiting process will run for: that
     * process is then queued on this thread's carrier. Only the owning thread reads and writes it.
     */
    private boolean handedOff;
    /** The pending {@link ReceiveTimer} wake-up; null when none is pending. */
    private volatile ReceiveTimer.WakeUp pendingWakeUp;
    /** Links and monitors; made by the first of them (most processes have none). */
    private volatile Signals signals;
    private volatile Atom name;
    private volatile boolean trapExit;
    private volatile Term exitReason;
    private volatile Thread processThread;
    /** What the process runs, from its start until {@link #run} takes it. */
    private ProcessBody body;

    Mailbox(ProcessTable table, Pid self) {
        this.table = table;
        this.self = self;
    }

    /**
     * The pid. Like an Erlang pid, it names the node the mailbox is on now: {@code nonode@nohost}
     * before distribution starts, the node's name and creation after.
     */
    public Pid self() {
        return self;
    }

    void relabel(Pid pid) {
        self = pid;
    }

    public Optional<Atom> name() {
        return Optional.ofNullable(name);
    }

    void setName(Atom name) {
        this.name = name;
    }

    public boolean isAlive() {
        return exitReason == null;
    }

    /** The exit reason once the mailbox is closed or killed. */
    public Optional<Term> exitReason() {
        return Optional.ofNullable(exitReason);
    }

    /** {@code process_flag(trap_exit, Flag)}: returns the old value. */
    public boolean trapExit(boolean trap) {
        boolean old = trapExit;
        trapExit = trap;
        return old;
    }

    /** {@code Pid ! Message}, local or remote. */
    public void send(Pid to, Term message) {
        handedOff |= table.send(self, to, message);
        ProcessScheduler.reduce();
    }

    /** {@code Name ! Message} to a locally registered name. */
    public void send(String registeredName, Term message) {
        handedOff |= table.send(self, Atom.of(registeredName), message);
        ProcessScheduler.reduce();
    }

    /** {@code {Name, Node} ! Message}. */
    public void send(Atom registeredName, Atom node, Term message) {
        handedOff |= table.send(self, registeredName, node, message);
        ProcessScheduler.reduce();
    }

    /**
     * {@code Alias ! Message} to a process alias made on another node (such as the tag of an
     * OTP 24+ gen call, {@code [alias | Ref]}): the message reaches that process only while the
     * alias is active there. False, with nothing sent, when the connection to that node does not
     * take alias sends; the sender then has to reach the process another way.
     */
    public boolean sendToAlias(Ref alias, Term message) {
        return table.sendToAlias(self, alias, message);
    }

    /** The next message, waiting as long as it takes. */
    public Term receive() throws InterruptedException {
        // Not receive(m -> m, null): this loop has no scan position or deadline to keep, which
        // keeps the stack an idle process parks with small and takes the oldest message at once.
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (true) {
            synchronized (this) {
                throwIfDead();
                if (first == null) {
                    takeArrivals();
                }
                Queued oldest = first;
                if (oldest != null) {
                    unlink(null, oldest);
                    return oldest.message;
                }
            }
            awaitArrival(0);
        }
    }

    /** The next message, or null after {@code timeout} (zero: only what is already there). */
    public Term receive(Duration timeout) throws InterruptedException {
        return receive(m -> m, timeout);
    }

    /**
     * Selective receive: the first message, in arrival order, for which {@code matcher} returns
     * non-null; that message is removed and the matcher's result returned. Messages that do not
     * match stay where they are. Returns null after {@code timeout} (null, or 100 years or more: wait forever).
     */
    public <T> T receive(Function<Term, T> matcher, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(matcher, "matcher");
        boolean bounded = timeout != null && timeout.compareTo(FOREVER) < 0;
        long deadline = bounded ? System.nanoTime() + timeout.toNanos() : 0;
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Queued scanned = null;
        while (true) {
            synchronized (this) {
                throwIfDead();
                if (removedOutsideReceive) {
                    removedOutsideReceive = false;
                    scanned = null;
                }
                // What was taken before is scanned before arrivals are taken: they are newer.
                do {
                    Queued before = scanned;
                    for (Queued q = before == null ? first : before.next; q != null; before = q, q = q.next) {
                        T result = matcher.apply(q.message);
                        if (result != null) {
                            unlink(before, q);
                            return result;
                        }
                    }
                    scanned = before;
                } while (takeArrivals());
            }
            if (bounded && deadline - System.nanoTime() <= 0) {
                return null;
            }
            awaitArrival(bounded ? deadline : 0);
        }
    }

    /**
     * Parks until a sender, a timer at {@code deadline} (0: none) or a termination unparks
     * this thread; it may also return early, the caller rescans either way.
     *
     * <p>On the JDK's scheduler (when {@link ProcessScheduler} is not in use), after a send that
     * woke a waiting process (a call's request, a reply), the next wait of a virtual thread first
     * yields once: the woken process is queued on this carrier, so it runs here at once, and its
     * answer usually arrives before this thread is resumed, with no park, no unpark and no
     * wake-up of the other carrier on either side. Spinning instead would hold the carrier the
     * woken process needs. Without such a send since the last wait (a process waiting for a
     * remote message, an idle one), yielding would only wake an idle carrier for nothing, so the
     * thread parks. Beamlink's own scheduler queues the woken process on this carrier without
     * waking another, so there the thread parks at once.
     */
    private void awaitArrival(long deadline) throws InterruptedException {
        // The rare work is out of line, so this method stays small enough to be compiled into
        // the receive that calls it: every parked process keeps these frames.
        if ((handedOff || signals != null) && beforeWaiting()) {
            return;
        }
        waiter = Thread.currentThread();
        // Written before the read of arrivals, as deliver pushes before reading waiter: one of
        // the two sees the other, so a message is never left waiting with no one unparked.
        if (arrivals == null) {
            if (deadline != 0) {
                wakeUpAt(deadline);
            }
            LockSupport.park(this);
        }
        waiter = null;
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** What a wait does first, now and then (see {@link #awaitArrival}); true when a message came meanwhile. */
    private boolean beforeWaiting() {
        runBeforeFirstWait();
        if (handedOff) {
            handedOff = false;
            if (!ProcessScheduler.inUse() && Thread.currentThread().isVirtual()) {
                yielding = true;
                Thread.yield();
                yielding = false;
                return arrivals != null;
            }
        }
        return false;
    }

    /** Has {@link ReceiveTimer} wake the receiver at {@code deadline}, unless an earlier wake-up is pending. */
    private void wakeUpAt(long deadline) {
        ReceiveTimer.WakeUp pending = pendingWakeUp;
        if (pending == null || pending.due() - deadline > 0) {
            ReceiveTimer.WakeUp wakeUp = new ReceiveTimer.WakeUp(deadline);
            pendingWakeUp = wakeUp;
            ReceiveTimer.schedule(this, wakeUp);
        }
    }

    /** Called by {@link ReceiveTimer} when {@code wakeUp} is due: wakes the receiver unless a newer wake-up replaced it. */
    void wakeUpDue(ReceiveTimer.WakeUp wakeUp) {
        if (PENDING_WAKE_UP.compareAndSet(this, wakeUp, null)) {
            Thread thread = waiter;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Moves what senders pushed onto the end of the taken list, in arrival order; holds this mailbox's monitor.
     * Returns whether there was any. Receives call it only when the taken list has nothing for
     * them: the arrivals stack is the one field senders write, and every look at it from the
     * receiver's processor takes its cache line away from a sender's.
     */
    private boolean takeArrivals() {
        Queued newest;
        do {
            newest = arrivals;
            if (newest == null || newest == CLOSED) {
                return false;
            }
        } while (!ARRIVALS.compareAndSet(this, newest, null));
        Queued oldest = null;
        for (Queued q = newest; q != null; ) {
            Queued next = q.next;
            q.next = oldest;
            oldest = q;
            q = next;
        }
        if (last == null) {
            first = oldest;
        } else {
            last.next = oldest;
        }
        last = newest;
        return true;
    }

    /** Removes {@code q}, which follows {@code before} (null: q is first); holds this mailbox's monitor. */
    private void unlink(Queued before, Queued q) {
        if (before == null) {
            first = q.next;
        } else {
            before.next = q.next;
        }
        if (last == q) {
            last = before;
        }
    }

    /**
     * Messages waiting now ({@code process_info(P, message_queue_len)}); any thread may ask. It
     * counts the arrivals where they are rather than taking them: a receiver about to park after
     * finding nothing would otherwise miss a message taken from under it.
     */
    public int queueLength() {
        synchronized (this) {
            if (!isAlive()) {
                return 0;
            }
            int n = 0;
            for (Queued q = first; q != null; q = q.next) {
                n++;
            }
            // Pushed nodes change only when taken, which needs the monitor held here.
            Queued newest = arrivals;
            for (Queued q = newest == CLOSED ? null : newest; q != null; q = q.next) {
                n++;
            }
            return n;
        }
    }

    /** Called with this mailbox's monitor held: a dead mailbox drops what it had taken and throws. */
    private void throwIfDead() {
        Term reason = exitReason;
        if (reason != null) {
            first = null;
            last = null;
            throw new ExitException(reason);
        }
    }

    /**
     * Adds a message. True when the receiver is a virtual thread that was waiting for it (parked,
     * or yielding before parking), so it will run for this message.
     */
    boolean deliver(Term message) {
        return deliver(message, false);
    }

    /**
     * Adds a message from a connection's reader: a wake-up it needs is held back until the
     * reader ends its run of messages ({@link HeldWakeups}).
     */
    void deliverFromReader(Term message) {
        deliver(message, true);
    }

    private boolean deliver(Term message, boolean holdWakeup) {
        Queued q = new Queued(message);
        Queued newest;
        do {
            newest = arrivals;
            if (newest == CLOSED) {
                return false;
            }
            q.next = newest;
        } while (!ARRIVALS.compareAndSet(this, newest, q));
        // Only the message that ends an empty stack can find the receiver parked: it parks only
        // after seeing the stack empty, and the push that made it non-empty is the one to wake it.
        if (newest == null) {
            Thread thread = waiter;
            if (thread != null) {
                if (holdWakeup) {
                    HeldWakeups.hold(thread);
                } else {
                    LockSupport.unpark(thread);
                }
                return thread.isVirtual();
            }
            return yielding;
        }
        return false;
    }

    /**
     * The links and monitors, made now if there were none; callers synchronize on them. Made with
     * a compare-and-set, not under this mailbox's monitor, which user code could hold.
     */
    Signals signals() {
        Signals s = signals;
        if (s == null) {
            Signals made = new Signals();
            Signals raced = (Signals) SIGNALS.compareAndExchange(this, null, made);
            s = raced != null ? raced : made;
        }
        return s;
    }

    /** The links and monitors, or null when this mailbox never had any. */
    Signals signalsIfAny() {
        return signals;
    }

    /** {@code link(Pid)}. */
    public void link(Pid other) {
        table.link(this, other);
    }

    /** {@code unlink(Pid)}. */
    public void unlink(Pid other) {
        table.unlink(this, other);
    }

    /** {@code monitor(process, Pid)}. */
    public Ref monitor(Pid target) {
        return table.monitor(this, target);
    }

    /** {@code monitor(process, {Name, Node})}. */
    public Ref monitor(Atom registeredName, Atom node) {
        return table.monitor(this, registeredName, node);
    }

    /**
     * {@code monitor_node(Node, Flag)}: with {@code on}, {@code {nodedown, Node}} arrives when the
     * connection to {@code node} is lost, or at once when it cannot be made (each call is one
     * monitor); without, one such monitor is removed.
     */
    public void monitorNode(Atom node, boolean on) {
        table.monitorNode(this, node, on);
    }

    /** {@code demonitor(Ref, [flush])} when {@code flush}, else {@code demonitor(Ref)}. */
    public void demonitor(Ref ref, boolean flush) {
        table.demonitor(this, ref);
        if (flush) {
            removeAll(m -> m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(DOWN) && t.get(1).equals(ref));
        }
    }

    private void removeAll(Predicate<Term> unwanted) {
        synchronized (this) {
            takeArrivals();
            Queued before = null;
            for (Queued q = first; q != null; q = q.next) {
                if (unwanted.test(q.message)) {
                    unlink(before, q);
                    removedOutsideReceive = true;
                } else {
                    before = q;
                }
            }
        }
    }

    /** {@code exit(Pid, Reason)}: sends an exit signal. */
    public void exit(Pid to, Term reason) {
        table.exitSignal(self, to, reason);
    }

    /**
     * An exit signal reached this mailbox. {@code linked}: it came through a link (then a
     * {@code kill} reason is just a reason, as in Erlang).
     */
    void onExitSignal(Pid from, Term reason, boolean linked) {
        if (!isAlive()) {
            return;
        }
        if (!linked && reason.equals(KILL)) {
            terminate(KILLED);
        } else if (trapExit) {
            deliver(Tuple.of(EXIT, from, reason));
        } else if (!reason.equals(NORMAL)) {
            terminate(reason);
        } else if (!linked && from.equals(self)) {
            terminate(reason);
        }
    }

    /** Ends the mailbox with {@code reason}: links and monitors are told, the name is freed. */
    void terminate(Term reason) {
        // Without this mailbox's monitor: the node's threads (readers, killers) call this, and
        // user code that wrongly holds the monitor must not stop them. Sends from now on are
        // dropped; what was already taken goes when the receiver next looks ({@link #throwIfDead}).
        if (!EXIT_REASON.compareAndSet(this, null, reason)) {
            return;
        }
        ARRIVALS.getAndSet(this, CLOSED);
        Thread receiving = waiter;
        if (receiving != null) {
            LockSupport.unpark(receiving);
        }
        Thread thread = processThread;
        if (thread != null && thread != Thread.currentThread()) {
            // A process killed from outside stops at its next blocking call (or once the socket
            // write it is in is done, which must not be cut short).
            InterruptShield.interrupt(thread);
        }
        table.terminated(this, reason);
    }

    /** Makes this the mailbox of a process that {@code thread} will run {@code work} in. */
    void runAs(Thread thread, ProcessBody work) {
        body = work;
        processThread = thread;
    }

    /**
     * The process's life, on its own thread: runs its body, then ends the mailbox with the
     * body's outcome. Only the process's thread runs it, once.
     */
    @Override
    public void run() {
        ProcessBody work = body;
        if (work == null || Thread.currentThread() != processThread) {
            throw new IllegalStateException("only the process's own thread runs its body, once");
        }
        body = null;
        try {
            work.run(this);
            terminate(NORMAL);
        } catch (ExitException e) {
            terminate(e.reason());
        } catch (InterruptedException e) {
            // Killed while blocked (terminate already ran), or interrupted by the code itself.
            terminate(ExitReasons.javaException(e));
        } catch (Throwable t) {
            if (isAlive()) {
                LOG.error("process {} crashed", self, t);
            }
            terminate(ExitReasons.javaException(t));
        }
    }

    /** Does what the process owes before it first waits (see {@link Signals#owe}), unless it was done already. */
    void runBeforeFirstWait() {
        Signals s = signals;
        if (s != null) {
            Runnable work = s.takeOwed();
            if (work != null) {
                work.run();
            }
        }
    }

    /** True when this mailbox belongs to a spawned process (not a plain Java thread's). */
    public boolean isProcess() {
        return processThread != null;
    }

    /** Closes the mailbox with reason {@code normal}. */
    @Override
    public void close() {
        terminate(NORMAL);
    }

    /** Closes the mailbox with {@code reason} (linked processes get it as an exit signal). */
    public void close(Term reason) {
        terminate(reason);
    }

    @Override
    public String toString() {
        return "Mailbox" + self + (name != null ? "(" + name.name() + ")" : "");
    }
}
