package io.beamlink.process;

import io.beamlink.term.Pid;
import io.beamlink.term.Ref;

/** What {@code spawn_monitor} returns: the new process and the monitor on it. */
public record Spawned(Pid pid, Ref monitor) {
}
