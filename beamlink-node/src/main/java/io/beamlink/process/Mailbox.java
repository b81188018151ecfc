package io.beamlink.process;

import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A mailbox with a pid: what a Beamlink process receives through, and what plain Java threads
 * use to talk to Erlang processes. Messages from one sender arrive in the order sent; receive
 * blocks with an optional timeout and can be selective (messages that do not match stay in
 * order for later).
 *
 * <p>Exit signals follow Erlang: a link's {@code normal} exit is ignored unless exits are
 * trapped, {@code kill} cannot be trapped, and an untrapped abnormal exit kills the mailbox:
 * its receive calls then throw {@link ExitException}.
 */
public final class Mailbox implements AutoCloseable {
    static final Atom EXIT = Atom.of("EXIT");
    static final Atom DOWN = Atom.of("DOWN");
    static final Atom PROCESS = Atom.of("process");
    static final Atom NORMAL = Atom.of("normal");
    static final Atom KILL = Atom.of("kill");
    static final Atom KILLED = Atom.of("killed");

    private final ProcessTable table;
    private volatile Pid self;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Term> messages = new ArrayDeque<>();
    final Signals signals = new Signals();
    private volatile Atom name;
    private volatile boolean trapExit;
    private volatile Term exitReason;
    private volatile Thread processThread;

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
        table.send(self, to, message);
    }

    /** {@code Name ! Message} to a locally registered name. */
    public void send(String registeredName, Term message) {
        table.send(self, Atom.of(registeredName), message);
    }

    /** {@code {Name, Node} ! Message}. */
    public void send(Atom registeredName, Atom node, Term message) {
        table.send(self, registeredName, node, message);
    }

    /** The next message, waiting as long as it takes. */
    public Term receive() throws InterruptedException {
        return receive(m -> m, null);
    }

    /** The next message, or null after {@code timeout} (zero: only what is already there). */
    public Term receive(Duration timeout) throws InterruptedException {
        return receive(m -> m, timeout);
    }

    /**
     * Selective receive: the first message, in arrival order, for which {@code matcher} returns
     * non-null; that message is removed and the matcher's result returned. Messages that do not
     * match stay where they are. Returns null after {@code timeout} (null timeout: wait forever).
     */
    public <T> T receive(Function<Term, T> matcher, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(matcher, "matcher");
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lockInterruptibly();
        try {
            int scanned = 0;
            while (true) {
                throwIfDead();
                Iterator<Term> it = messages.iterator();
                for (int i = 0; i < scanned && it.hasNext(); i++) {
                    it.next();
                }
                while (it.hasNext()) {
                    Term m = it.next();
                    T result = matcher.apply(m);
                    if (result != null) {
                        it.remove();
                        return result;
                    }
                    scanned++;
                }
                if (timeout != null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    arrived.awaitNanos(left);
                } else {
                    arrived.await();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting now (for tests and {@code flush()}). */
    public int queueLength() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfDead() {
        Term reason = exitReason;
        if (reason != null) {
            throw new ExitException(reason);
        }
    }

    void deliver(Term message) {
        lock.lock();
        try {
            if (exitReason != null) {
                return;
            }
            messages.addLast(message);
            arrived.signal();
        } finally {
            lock.unlock();
        }
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

    /** {@code demonitor(Ref, [flush])} when {@code flush}, else {@code demonitor(Ref)}. */
    public void demonitor(Ref ref, boolean flush) {
        table.demonitor(this, ref);
        if (flush) {
            lock.lock();
            try {
                messages.removeIf(m -> m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(DOWN)
                        && t.get(1).equals(ref));
            } finally {
                lock.unlock();
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
        lock.lock();
        try {
            if (exitReason != null) {
                return;
            }
            exitReason = reason;
            messages.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        Thread thread = processThread;
        if (thread != null && thread != Thread.currentThread()) {
            // A process killed from outside stops at its next blocking call.
            thread.interrupt();
        }
        table.terminated(this, reason);
    }

    void runAs(Thread thread) {
        processThread = thread;
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
