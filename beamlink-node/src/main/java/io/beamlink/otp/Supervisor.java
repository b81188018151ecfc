package io.beamlink.otp;

import io.beamlink.Node;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor with OTP's strategies, restart types, restart intensity and shutdown. It is a
 * {@link GenServer} underneath, so {@code supervisor:which_children/1} from Erlang works on it
 * too. Start one with {@link #start}; ask it with {@link #whichChildren} and
 * {@link #startChild}.
 */
public final class Supervisor implements GenServer<Supervisor.State> {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Atom EXIT = Atom.of("EXIT");
    private static final Atom NORMAL = Atom.of("normal");
    private static final Atom SHUTDOWN = Atom.of("shutdown");
    private static final Atom KILL = Atom.of("kill");
    private static final Atom WHICH_CHILDREN = Atom.of("which_children");
    private static final Atom START_CHILD = Atom.of("start_child");
    private static final Atom TERMINATE_CHILD = Atom.of("terminate_child");
    private static final Atom OK = Atom.OK;
    private static final Atom WORKER = Atom.of("worker");
    private static final Atom SUPERVISOR = Atom.of("supervisor");
    private static final Atom UNDEFINED = Atom.UNDEFINED;
    private static final Atom DYNAMIC = Atom.of("dynamic");

    /** one_for_one, one_for_all, rest_for_one, simple_one_for_one. */
    public enum Strategy {
        ONE_FOR_ONE,
        ONE_FOR_ALL,
        REST_FOR_ONE,
        /** One child spec, children started on demand with {@link #startChild}. */
        SIMPLE_ONE_FOR_ONE
    }

    /**
     * The supervisor's flags and children.
     *
     * @param strategy the restart strategy
     * @param intensity at most this many restarts...
     * @param period ...within this period, or the supervisor gives up (exits with {@code shutdown})
     * @param children the children, started in order (for simple_one_for_one: the one template)
     */
    public record Spec(Strategy strategy, int intensity, Duration period, List<ChildSpec> children) {
        public Spec {
            children = List.copyOf(children);
            if (strategy == Strategy.SIMPLE_ONE_FOR_ONE && children.size() != 1) {
                throw new IllegalArgumentException("simple_one_for_one takes exactly one child spec");
            }
            if (intensity < 0 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("intensity >= 0 and a positive period are required");
            }
        }
    }

    /** One running (or stopped) child. */
    static final class Child {
        final ChildSpec spec;
        final List<Term> args;
        Pid pid;

        Child(ChildSpec spec, List<Term> args) {
            this.spec = spec;
            this.args = args;
        }
    }

    /** The supervisor's state: its mailbox, children in start order, recent restart times. */
    public static final class State {
        final Mailbox self;
        final List<Child> children = new ArrayList<>();
        final Deque<Long> restarts = new ArrayDeque<>();

        State(Mailbox self) {
            this.self = self;
        }
    }

    private final Spec spec;

    private Supervisor(Spec spec) {
        this.spec = spec;
    }

    /** Starts a supervisor (linked to {@code parent} unless null) and its children. */
    public static Pid start(Node node, Spec spec, String name, Mailbox parent) throws CallException {
        Supervisor supervisor = new Supervisor(spec);
        return parent == null
                ? GenServer.start(node, supervisor, Atom.NIL, name)
                : GenServer.startLink(node, parent, supervisor, Atom.NIL, name);
    }

    /** {@code supervisor:which_children/1}: {@code [{Id, Pid | undefined, worker | supervisor, Modules}]}. */
    public static Term whichChildren(Mailbox caller, Pid supervisor, Duration timeout)
            throws CallException, InterruptedException {
        return GenServer.call(caller, supervisor, WHICH_CHILDREN, timeout);
    }

    /** {@code supervisor:start_child/2} for simple_one_for_one: {@code {ok, Pid}} or {@code {error, Reason}}. */
    public static Term startChild(Mailbox caller, Pid supervisor, List<Term> args, Duration timeout)
            throws CallException, InterruptedException {
        return GenServer.call(caller, supervisor, Tuple.of(START_CHILD, Term.list(args)), timeout);
    }

    /** {@code supervisor:terminate_child/2} by pid (simple_one_for_one) or id. */
    public static Term terminateChild(Mailbox caller, Pid supervisor, Term pidOrId, Duration timeout)
            throws CallException, InterruptedException {
        return GenServer.call(caller, supervisor, Tuple.of(TERMINATE_CHILD, pidOrId), timeout);
    }

    @Override
    public State init(Mailbox self, Term args) throws Exception {
        self.trapExit(true);
        State state = new State(self);
        if (spec.strategy() != Strategy.SIMPLE_ONE_FOR_ONE) {
            for (ChildSpec childSpec : spec.children()) {
                Child child = new Child(childSpec, List.of());
                child.pid = childSpec.start().start(self, List.of());
                state.children.add(child);
            }
        }
        return state;
    }

    @Override
    public Next<State> handleCall(Term request, From from, State state) throws Exception {
        if (request.equals(WHICH_CHILDREN)) {
            List<Term> rows = new ArrayList<>();
            for (Child c : state.children) {
                Term id = spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE ? UNDEFINED : Atom.of(c.spec.id());
                rows.add(Tuple.of(id, c.pid == null ? UNDEFINED : c.pid, c.spec.supervisor() ? SUPERVISOR : WORKER,
                        DYNAMIC));
            }
            return Next.reply(Term.list(rows), state);
        }
        if (request instanceof Tuple t && t.isTagged(START_CHILD, 2) && spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE) {
            List<Term> args = t.get(1) instanceof ErlList list ? list.elements() : List.of();
            Child child = new Child(spec.children().get(0), args);
            try {
                child.pid = child.spec.start().start(state.self, args);
            } catch (Exception e) {
                return Next.reply(Tuple.of(Atom.ERROR, io.beamlink.process.ExitReasons.javaException(e)), state);
            }
            state.children.add(child);
            return Next.reply(Tuple.of(OK, child.pid), state);
        }
        if (request instanceof Tuple t && t.isTagged(TERMINATE_CHILD, 2)) {
            for (Child c : List.copyOf(state.children)) {
                if (t.get(1).equals(c.pid) || t.get(1).equals(Atom.of(c.spec.id()))) {
                    shutdown(state, c);
                    if (spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE) {
                        state.children.remove(c);
                    }
                    return Next.reply(OK, state);
                }
            }
            return Next.reply(Tuple.of(Atom.ERROR, Atom.of("not_found")), state);
        }
        return Next.reply(Tuple.of(Atom.ERROR, Atom.of("badarg")), state);
    }

    @Override
    public Next<State> handleInfo(Term message, State state) throws Exception {
        if (!(message instanceof Tuple t && t.isTagged(EXIT, 3) && t.get(1) instanceof Pid pid)) {
            return Next.noreply(state);
        }
        Term reason = t.get(2);
        Child child = null;
        for (Child c : state.children) {
            if (pid.equals(c.pid)) {
                child = c;
            }
        }
        if (child == null) {
            return Next.noreply(state);
        }
        child.pid = null;
        if (!needsRestart(child.spec.restart(), reason)) {
            if (spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE || child.spec.restart() == ChildSpec.Restart.TEMPORARY) {
                state.children.remove(child);
            }
            return Next.noreply(state);
        }
        // A restart whose start fails is tried again from the child that failed to start, each
        // try counted, as supervisor's try_again_restart.
        Child toRestart = child;
        while (allowRestart(state)) {
            toRestart = restart(state, toRestart);
            if (toRestart == null) {
                return Next.noreply(state);
            }
        }
        LOG.error("supervisor {} reached its restart intensity ({} in {}); shutting down", state.self.self(),
                spec.intensity(), spec.period());
        return Next.stop(SHUTDOWN, state);
    }

    private static boolean needsRestart(ChildSpec.Restart restart, Term reason) {
        return switch (restart) {
            case PERMANENT -> true;
            case TEMPORARY -> false;
            case TRANSIENT -> !(reason.equals(NORMAL) || reason.equals(SHUTDOWN)
                    || reason instanceof Tuple t && t.isTagged(SHUTDOWN, 2));
        };
    }

    /** Counts this restart; false when it is one too many for the intensity and period. */
    private boolean allowRestart(State state) {
        long now = System.nanoTime();
        state.restarts.addLast(now);
        while (!state.restarts.isEmpty() && now - state.restarts.peekFirst() > spec.period().toNanos()) {
            state.restarts.removeFirst();
        }
        return state.restarts.size() <= spec.intensity();
    }

    /**
     * Restarts {@code failed} and, by the strategy, the children it takes along: stops those still
     * running in reverse start order, then starts them all in order. Returns the child whose start
     * failed (the rest after it are left stopped), or null when all started.
     */
    private Child restart(State state, Child failed) throws InterruptedException {
        List<Child> affected = switch (spec.strategy()) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> List.copyOf(state.children);
            case REST_FOR_ONE -> List.copyOf(state.children.subList(state.children.indexOf(failed), state.children.size()));
        };
        for (int i = affected.size() - 1; i >= 0; i--) {
            shutdown(state, affected.get(i));
        }
        for (Child c : affected) {
            try {
                c.pid = c.spec.start().start(state.self, c.args);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.error("supervisor {} could not restart child {}; trying again", state.self.self(), c.spec.id(), e);
                return c;
            }
        }
        return null;
    }

    /**
     * Stops a child: exit(Child, shutdown), wait up to its shutdown time for the EXIT, then kill
     * ({@link ChildSpec#BRUTAL_KILL}: kill at once; {@link ChildSpec#INFINITY}: wait as long as it takes).
     */
    private static void shutdown(State state, Child child) throws InterruptedException {
        Pid pid = child.pid;
        if (pid == null) {
            return;
        }
        child.pid = null;
        Ref monitor = state.self.monitor(pid);
        state.self.unlink(pid);
        Duration wait = child.spec.shutdown();
        state.self.exit(pid, wait.equals(ChildSpec.BRUTAL_KILL) ? KILL : SHUTDOWN);
        Term down = state.self.receive(m -> isDown(m, monitor) ? m : null,
                wait.equals(ChildSpec.BRUTAL_KILL) ? null : wait);
        if (down == null) {
            state.self.exit(pid, KILL);
            state.self.receive(m -> isDown(m, monitor) ? m : null, null);
        }
        // A late EXIT from the link we just removed may still be queued: drop it.
        state.self.receive(m -> m instanceof Tuple t && t.isTagged(EXIT, 3) && t.get(1).equals(pid) ? m : null,
                Duration.ZERO);
    }

    private static boolean isDown(Term m, Ref monitor) {
        return m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(Atom.of("DOWN")) && t.get(1).equals(monitor);
    }

    @Override
    public void terminate(Term reason, State state) {
        for (int i = state.children.size() - 1; i >= 0; i--) {
            try {
                shutdown(state, state.children.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

}
