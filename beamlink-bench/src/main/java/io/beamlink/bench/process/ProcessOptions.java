package io.beamlink.bench.process;

/**
 * The counts of one {@code bench processes} run; every measurement is bounded by them.
 *
 * @param rounds rounds of every measurement, each runtime once per round; figures are medians
 * @param spawns processes spawned (each exits at once) to time the spawn rate
 * @param idleProcesses processes left blocked in receive to weigh an idle process
 * @param messages messages sent from one process to another to time send and receive
 * @param backlog messages that never match, left in the mailbox the selective receive scans
 * @param selectiveReceives selective receives timed over that backlog
 * @param calls GenServer calls timed per kind (local, remote)
 */
public record ProcessOptions(int rounds, int spawns, int idleProcesses, int messages, int backlog,
        int selectiveReceives, int calls) {
    public ProcessOptions {
        if (rounds < 1 || spawns < 1 || idleProcesses < 1 || messages < 1 || backlog < 0 || selectiveReceives < 1
                || calls < 1) {
            throw new IllegalArgumentException("every count must be positive (backlog may be 0): " + this);
        }
    }

    /** The run docs/benchmarks.md reports: 100,000 idle processes, a 10,000-message backlog. */
    public static ProcessOptions full() {
        return new ProcessOptions(5, 200_000, 100_000, 1_000_000, 10_000, 1_000, 20_000);
    }

    /** A short run, to see that everything works. */
    public static ProcessOptions quick() {
        return new ProcessOptions(1, 20_000, 10_000, 100_000, 10_000, 100, 2_000);
    }

    public ProcessOptions withRounds(int newRounds) {
        return new ProcessOptions(newRounds, spawns, idleProcesses, messages, backlog, selectiveReceives, calls);
    }
}
