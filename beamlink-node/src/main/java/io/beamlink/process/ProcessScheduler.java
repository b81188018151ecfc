package io.beamlink.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processes' virtual threads on Beamlink's own carrier threads, scheduled as an OTP
 * scheduler runs processes. The JDK's scheduler wakes an idle carrier for every thread it
 * makes runnable, so two processes that take turns (a call and its reply, a sender and its
 * receiver) run on two CPUs that wake each other for every message. Here a process made
 * runnable by a process is queued on that process's carrier and runs there next, with no
 * wake-up. An idle carrier is woken when a thread that is not a carrier (a connection's
 * reader, a timer) makes a process runnable, and by a watch thread when work queued on a
 * carrier has waited a time slice: two or more tasks, or one behind a process that has not
 * given the carrier up (an awake carrier takes half of a queue of two or more at once); with
 * no carrier to wake, the watch moves the stuck queue to the shared one, which busy carriers
 * also take from. Every {@value #REDUCTIONS_PER_TURN} sends and spawns on a carrier, the
 * process making one yields if others wait there. Carriers that all stay on one task while
 * using under half their time, with work waiting (processes waiting where a virtual thread
 * cannot unmount), are joined by more, up to {@value #MAX_CARRIERS}; those retire after 10 s
 * idle. One idle carrier at a time, after one of its processes sent to another node, waits up
 * to 50 µs for readers' work (the answer) before it parks ({@code -Dbeamlink.scheduler.spinMicros}).
 *
 * <p>The JDK lets virtual threads run on another scheduler only through a constructor its own
 * tests use, which needs {@code java.lang} open to Beamlink
 * ({@code --add-opens java.base/java.lang=ALL-UNNAMED}; the {@code beamlink} jar's manifest
 * opens it). Without that, or with {@code -Dbeamlink.scheduler=jdk}, processes are ordinary
 * virtual threads on the JDK's scheduler.
 */
public final class ProcessScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessScheduler.class);
    /** The JVM option that lets Beamlink run processes on its own scheduler. */
    public static final String JVM_OPTION = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    private static final int MAX_CARRIERS = 256;
    /** Sends and spawns a process makes between two looks at whether others wait for its carrier. */
    private static final int REDUCTIONS_PER_TURN = 2_000;
    /** How long a lone task waits behind a running one before another carrier takes it. */
    private static final long TIME_SLICE_NANOS = 1_000_000;
    private static final long WATCH_NANOS = TIME_SLICE_NANOS;
    /**
     * The longest the watch sleeps while every carrier is idle: whatever needs it then wakes it
     * (see {@link #wakeResting}), so an idle node costs about one wake-up a second, not dozens.
     */
    private static final long IDLE_WATCH_NANOS = 1_000_000_000;
    /** Watch periods all carriers must stay on one task, with work waiting, before one is added. */
    private static final int STALLED_PERIODS = 20;
    /** How long an added carrier stays idle before it retires. */
    private static final long RETIRE_NANOS = 10_000_000_000L;

    /** How long an idle carrier waits for work before it parks ({@code beamlink.scheduler.spinMicros}, 0: not at all). */
    private static final long SPIN_NANOS = Long.getLong("beamlink.scheduler.spinMicros", 50) * 1_000;
    private static final VarHandle SPINNER;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final VarHandle CARRIER_OF_VIRTUAL;
    private static final ProcessScheduler INSTANCE;
    private static final ThreadFactory THREADS;

    static {
        try {
            SPINNER = MethodHandles.lookup().findVarHandle(ProcessScheduler.class, "spinner", Carrier.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        VarHandle carrierOf = null;
        ProcessScheduler instance = null;
        ThreadFactory threads = Thread.ofVirtual().factory();
        if (!"jdk".equals(System.getProperty("beamlink.scheduler"))) {
            try {
                Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
                carrierOf = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup())
                        .findVarHandle(virtualThread, "carrierThread", Thread.class);
                var builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                        .getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
                ProcessScheduler scheduler = new ProcessScheduler(Runtime.getRuntime().availableProcessors());
                Executor submit = scheduler::submit;
                ThreadFactory onCarriers = ((Thread.Builder.OfVirtual) builder.newInstance(submit)).factory();
                scheduler.start();
                instance = scheduler;
                threads = onCarriers;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.info("processes run on the JDK's virtual thread scheduler"
                        + " (open java.base/java.lang to Beamlink for its own): {}", e.toString());
                carrierOf = null;
                instance = null;
            }
        }
        CARRIER_OF_VIRTUAL = carrierOf;
        INSTANCE = instance;
        THREADS = threads;
    }

    private volatile Carrier[] carriers;
    private final Object carriersLock = new Object();
    /** Carriers made so far, for their names; guarded by {@link #carriersLock}. */
    private int carriersMade;
    /** Carriers beyond this many are the ones added for blocked processes; they retire when idle. */
    private final int parallelism;
    private final Thread watch = new Thread(this::watch, "beamlink-scheduler-watch");
    /** Whether the watch sleeps longer than a time slice (all carriers were idle at its last look). */
    private volatile boolean watchResting;
    /** The carrier in {@link #awaitShared}, if any. */
    private volatile Carrier spinner;
    private final ConcurrentLinkedQueue<Runnable> shared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger parked = new AtomicInteger();

    private ProcessScheduler(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
        Carrier[] initial = new Carrier[this.parallelism];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = new Carrier(this, i);
        }
        carriers = initial;
        carriersMade = initial.length;
    }

    private void start() {
        for (Carrier c : carriers) {
            c.start();
        }
        watch.setDaemon(true);
        watch.start();
    }

    /** Unstarted virtual threads for processes, on this scheduler when it is in use. */
    static Thread newThread(Runnable body) {
        return THREADS.newThread(body);
    }

    /** Whether processes run on Beamlink's carriers (false: on the JDK's scheduler). */
    public static boolean inUse() {
        return INSTANCE != null;
    }

    /**
     * Counts a send or spawn by the current thread; every {@value #REDUCTIONS_PER_TURN}, a
     * process whose carrier has others waiting gives it up, as an Erlang process is scheduled
     * out when its reductions run out. A streaming sender would otherwise leave its receiver
     * queued behind it, and a spawning one the processes it started.
     */
    static void reduce() {
        Carrier c = INSTANCE == null ? null : carrierOfCurrent();
        if (c != null && ++c.reductions >= REDUCTIONS_PER_TURN) {
            c.reductions = 0;
            if (c.size() > 0) {
                Thread.yield();
            }
        }
    }

    /**
     * The carrier the current thread runs on: a process's, or the carrier itself when a yield
     * or a park that lost a race resubmits a process after unmounting it.
     */
    private static Carrier carrierOfCurrent() {
        Thread t = Thread.currentThread();
        Object carrier = t.isVirtual() ? CARRIER_OF_VIRTUAL.get(t) : t;
        return carrier instanceof Carrier c && c.scheduler == INSTANCE ? c : null;
    }

    /** Where the JDK hands a process's virtual thread when it becomes runnable. */
    private void submit(Runnable task) {
        Carrier c = carrierOfCurrent();
        if (c != null) {
            c.push(task);
            // This carrier may now block (where a virtual thread cannot unmount) with the task behind it.
            wakeResting();
        } else {
            shared.add(task);
            if (!wakeOne()) {
                // Every carrier is busy, and each may stay on its task.
                wakeResting();
            }
        }
    }

    /** Wakes the watch if it sleeps long (all carriers were idle at its last look): work may need it now. */
    private void wakeResting() {
        if (watchResting) {
            watchResting = false;
            LockSupport.unpark(watch);
        }
    }

    /**
     * A process sent a message to another node: if an answer comes, a reader brings it within
     * about a round trip, so the carrier waits for it before parking ({@link #awaitShared}).
     */
    static void sentToAnotherNode() {
        Carrier c = INSTANCE == null ? null : carrierOfCurrent();
        if (c != null) {
            c.answerMayCome = true;
        }
    }

    /**
     * Lets one carrier that has run out of work, after a process of its sent to another node,
     * wait {@link #SPIN_NANOS} for work from readers and timers before it parks, giving its CPU
     * up between looks so that a reader can run there: the answer to a remote call usually
     * comes within that time, and then costs no wake-up of a parked thread (OTP's schedulers
     * busy-wait before they sleep, too). Without such a send (a process that only receives
     * from another node, as a sink of a stream does), the carrier parks at once: waiting would
     * take a CPU from the peer that is sending, on a machine with few of them.
     *
     * @return true when work came; false when no process of this carrier sent to another node
     *     since it last went idle, the time ran out, or another carrier waits
     */
    private boolean awaitShared(Carrier carrier) {
        boolean answerMayCome = carrier.answerMayCome;
        carrier.answerMayCome = false;
        if (SPIN_NANOS <= 0 || !answerMayCome || !SPINNER.compareAndSet(this, null, carrier)) {
            return false;
        }
        try {
            long end = System.nanoTime() + SPIN_NANOS;
            do {
                if (!shared.isEmpty()) {
                    return true;
                }
                Thread.yield();
            } while (System.nanoTime() - end < 0);
            return false;
        } finally {
            SPINNER.compareAndSet(this, carrier, null);
        }
    }

    /**
     * Wakes one carrier for one task: the waiting one, which then takes it (each wake-up claims
     * it, so the next goes to a parked carrier), else a parked one.
     *
     * @return false when there was no carrier to wake
     */
    private boolean wakeOne() {
        Carrier waiting = spinner;
        if (waiting != null && SPINNER.compareAndSet(this, waiting, null)) {
            return true;
        }
        if (parked.get() == 0) {
            return false;
        }
        for (Carrier c : carriers) {
            if (c.unpark()) {
                return true;
            }
        }
        return false;
    }

    /** From the shared queue, else half of the first other carrier's queue that has work. */
    private Runnable steal(Carrier thief) {
        Runnable task = shared.poll();
        if (task != null) {
            return task;
        }
        for (Carrier victim : carriers) {
            if (victim != thief) {
                task = victim.giveHalfTo(thief);
                if (task != null) {
                    return task;
                }
            }
        }
        return null;
    }

    /**
     * Whether a carrier about to park has work to take: in the shared queue, or in another
     * carrier's queue that {@link Carrier#giveHalfTo} would give (a lone task waits a time slice
     * for its own busy carrier, which runs it, or for the watch).
     */
    private boolean hasWork() {
        if (!shared.isEmpty()) {
            return true;
        }
        for (Carrier c : carriers) {
            if (c.canGive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every time slice: wakes a carrier for work that has waited since the last look; moves the
     * queue of a carrier still on the same task to the shared queue when no carrier can be woken
     * for it (the busy ones take from there); and adds a carrier when every carrier has been held
     * in a wait for {@value #STALLED_PERIODS} looks with work waiting.
     */
    private void watch() {
        long[] seen = new long[MAX_CARRIERS];
        int[] queued = new int[MAX_CARRIERS];
        long[] cpuSeen = new long[MAX_CARRIERS];
        int stalledFor = 0;
        long sleep = WATCH_NANOS;
        for (;;) {
            LockSupport.parkNanos(sleep);
            try {
                Carrier[] all = carriers;
                boolean busy = false;
                boolean allHeld = true;
                boolean waiting = !shared.isEmpty();
                for (int i = 0; i < all.length; i++) {
                    Carrier c = all[i];
                    long tasks = c.tasksRun;
                    boolean stalled = !c.parked && tasks == seen[i];
                    busy |= !c.parked;
                    // Held where a virtual thread cannot unmount (a class initializer, a pinned
                    // wait) rather than computing: the carrier used under half the time since.
                    long cpu = stalled ? CPU.getThreadCpuTime(c.threadId()) : -1;
                    allHeld &= stalled && cpuSeen[i] >= 0 && cpu - cpuSeen[i] < sleep / 2;
                    cpuSeen[i] = cpu;
                    int size = c.size();
                    if (size > 0) {
                        waiting = true;
                        boolean waitedASlice = stalled || size > 1 && queued[i] > 1;
                        if (waitedASlice && !wakeOne() && stalled) {
                            // No carrier to take it from this one, which is still on one task.
                            c.moveQueueTo(shared);
                        }
                    }
                    seen[i] = tasks;
                    queued[i] = size;
                }
                if (!shared.isEmpty()) {
                    wakeOne();
                }
                stalledFor = allHeld && waiting ? stalledFor + 1 : 0;
                if (stalledFor >= STALLED_PERIODS && all.length < MAX_CARRIERS) {
                    stalledFor = 0;
                    addCarrier();
                }
                sleep = busy ? WATCH_NANOS : Math.min(sleep * 2, IDLE_WATCH_NANOS);
                watchResting = sleep > WATCH_NANOS;
                if (watchResting && (!shared.isEmpty() || parked.get() < all.length)) {
                    // Work came while it looked, before its submitter could see the watch resting.
                    watchResting = false;
                    sleep = WATCH_NANOS;
                }
            } catch (Throwable t) {
                // The watch is what keeps waiting work moving: it must outlive any failure.
                LOG.error("the scheduler's watch failed a look", t);
            }
        }
    }

    private void addCarrier() {
        synchronized (carriersLock) {
            Carrier[] all = carriers;
            Carrier extra = new Carrier(this, carriersMade++);
            extra.start();
            Carrier[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = extra;
            carriers = grown;
            LOG.debug("all {} carriers held by blocked processes with work waiting: {} added", all.length,
                    extra.getName());
        }
    }

    /** Takes an added carrier that has been idle for {@link #RETIRE_NANOS} out of the set. */
    private void retire(Carrier idle) {
        synchronized (carriersLock) {
            carriers = Arrays.stream(carriers).filter(c -> c != idle).toArray(Carrier[]::new);
        }
        LOG.debug("{} idle for {} s: retired", idle.getName(), RETIRE_NANOS / 1_000_000_000L);
    }

    /** The carriers now (for tests). */
    static int carrierCount() {
        return INSTANCE == null ? 0 : INSTANCE.carriers.length;
    }

    /** A platform thread that runs virtual threads from its own queue, the shared one, and others'. */
    private static final class Carrier extends Thread {
        private static final VarHandle PARKED;

        static {
            try {
                PARKED = MethodHandles.lookup().findVarHandle(Carrier.class, "parked", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ProcessScheduler scheduler;
        /** Added for blocked processes (beyond one per CPU): retires when idle long enough. */
        private final boolean extra;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private volatile boolean parked;
        /** When the current task started: a lone queued task is left to this carrier for a time slice. */
        private volatile long taskStart;
        /** Tasks started: the watch's sign of progress. */
        private volatile long tasksRun;
        /** Sends and spawns by the processes this carrier ran, for {@link ProcessScheduler#reduce()}. */
        private int reductions;
        /** A process this carrier ran sent to another node since the carrier last went idle. */
        private boolean answerMayCome;

        Carrier(ProcessScheduler scheduler, int index) {
            super("beamlink-carrier-" + index);
            this.scheduler = scheduler;
            this.extra = index >= scheduler.parallelism;
            setDaemon(true);
        }

        synchronized void push(Runnable task) {
            queue.addLast(task);
        }

        synchronized Runnable poll() {
            return queue.pollFirst();
        }

        synchronized int size() {
            return queue.size();
        }

        /** Whether {@link #giveHalfTo} would give something now. */
        synchronized boolean canGive() {
            int size = queue.size();
            return size > 1 || size == 1 && System.nanoTime() - taskStart >= TIME_SLICE_NANOS;
        }

        /** Moves half of this queue (rounded up) to {@code thief}'s and returns the first of it. */
        Runnable giveHalfTo(Carrier thief) {
            Runnable first;
            Runnable[] rest;
            synchronized (this) {
                if (!canGive()) {
                    return null;
                }
                int n = (queue.size() + 1) / 2;
                rest = new Runnable[n - 1];
                first = queue.pollFirst();
                for (int i = 0; i < rest.length; i++) {
                    rest[i] = queue.pollFirst();
                }
            }
            if (rest.length > 0) {
                synchronized (thief) {
                    thief.queue.addAll(Arrays.asList(rest));
                }
            }
            return first;
        }

        /** Moves this carrier's whole queue to {@code target}, in order. */
        void moveQueueTo(ConcurrentLinkedQueue<Runnable> target) {
            Runnable[] all;
            synchronized (this) {
                all = queue.toArray(new Runnable[0]);
                queue.clear();
            }
            target.addAll(Arrays.asList(all));
        }

        /** Wakes this carrier if it is parked; false if it was not. */
        boolean unpark() {
            if (parked && PARKED.compareAndSet(this, true, false)) {
                scheduler.parked.decrementAndGet();
                LockSupport.unpark(this);
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            long n = 0;
            while (true) {
                // Now and then the shared queue first, so a carrier with a full queue still
                // takes what readers and timers made runnable.
                Runnable task = (++n & 63) == 0 ? scheduler.shared.poll() : null;
                if (task == null) {
                    task = poll();
                }
                if (task == null) {
                    task = scheduler.steal(this);
                }
                if (task == null) {
                    if (!park()) {
                        scheduler.retire(this);
                        return;
                    }
                    continue;
                }
                tasksRun = n;
                taskStart = System.nanoTime();
                try {
                    task.run();
                } catch (Throwable t) {
                    // A virtual thread's continuation handles its process's failures itself:
                    // this is the JDK's or Beamlink's own fault, and the carrier goes on.
                    LOG.error("a task failed on {}", getName(), t);
                }
            }
        }

        /** Waits for work; false when an added carrier has been idle long enough to retire. */
        private boolean park() {
            if (scheduler.awaitShared(this)) {
                return true;
            }
            parked = true;
            scheduler.parked.incrementAndGet();
            // Work queued between the last look and the flag, with no one woken for it.
            if (scheduler.hasWork() && PARKED.compareAndSet(this, true, false)) {
                scheduler.parked.decrementAndGet();
                return true;
            }
            long retireAt = System.nanoTime() + RETIRE_NANOS;
            while (parked) {
                if (!extra) {
                    LockSupport.park(this);
                } else if (System.nanoTime() - retireAt < 0) {
                    LockSupport.parkNanos(this, retireAt - System.nanoTime());
                } else if (PARKED.compareAndSet(this, true, false)) {
                    // Claimed before any waker could: no task was handed to this carrier.
                    scheduler.parked.decrementAndGet();
                    return false;
                }
            }
            return true;
        }
    }
}
