package io.beamlink.otp;

import io.beamlink.process.Mailbox;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How a {@link Supervisor} starts and restarts one child (supervisor's child_spec).
 *
 * @param id the child's id in {@code which_children}
 * @param start starts the child linked to the supervisor and returns its pid
 * @param restart when to restart it
 * @param shutdown how long to wait after {@code exit(Child, shutdown)} before killing it;
 *        {@link #BRUTAL_KILL} kills at once, {@link #INFINITY} waits as long as it takes
 * @param supervisor true for a supervisor child (type supervisor), false for a worker
 */
public record ChildSpec(String id, Start start, Restart restart, Duration shutdown, boolean supervisor) {

    /** Starts a child linked to the supervisor; {@code args} are the extra start arguments of simple_one_for_one. */
    @FunctionalInterface
    public interface Start {
        Pid start(Mailbox supervisor, java.util.List<Term> args) throws Exception;
    }

    /** permanent, transient, temporary. */
    public enum Restart {
        /** Always restarted. */
        PERMANENT,
        /** Restarted only after an abnormal exit (not normal, shutdown or {shutdown, _}). */
        TRANSIENT,
        /** Never restarted. */
        TEMPORARY
    }

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
    }

    /** Shutdown {@code brutal_kill}: the child is killed at once. */
    public static final Duration BRUTAL_KILL = Duration.ZERO;
    /** Shutdown {@code infinity}: the supervisor waits for the child to exit (the default for supervisors). */
    public static final Duration INFINITY = ChronoUnit.FOREVER.getDuration();

    /** A permanent worker with a 5 second shutdown, as supervisor's defaults. */
    public static ChildSpec worker(String id, Start start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Duration.ofSeconds(5), false);
    }

    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, supervisor);
    }

    public ChildSpec withShutdown(Duration shutdown) {
        return new ChildSpec(id, start, restart, shutdown, supervisor);
    }
}
