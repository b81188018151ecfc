package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;

/**
 * A distribution control message (the first term of a packet), decoded. Variants that carry
 * an exit reason or a message in the payload ({@code PAYLOAD_EXIT}, {@code SEND_SENDER}, ...)
 * and their trace-token forms map to the same record; the token is dropped.
 */
public sealed interface ControlMessage {

    /** {@code LINK}: {@code from} links to {@code to}. */
    record Link(Pid from, Pid to) implements ControlMessage { }

    /** {@code SEND} / {@code SEND_SENDER}: a message to a pid; {@code from} is null for SEND. */
    record Send(Pid from, Pid to, Term message) implements ControlMessage { }

    /** {@code REG_SEND}: a message to a registered name. */
    record RegSend(Pid from, Atom toName, Term message) implements ControlMessage { }

    /** {@code EXIT} / {@code PAYLOAD_EXIT}: a linked process ended. */
    record Exit(Pid from, Pid to, Term reason) implements ControlMessage { }

    /** {@code EXIT2} / {@code PAYLOAD_EXIT2}: {@code exit(To, Reason)}. */
    record Exit2(Pid from, Pid to, Term reason) implements ControlMessage { }

    /** {@code GROUP_LEADER}: {@code leader} becomes the group leader of {@code to}. */
    record GroupLeader(Pid leader, Pid to) implements ControlMessage { }

    /** {@code MONITOR_P}: {@code from} monitors {@code target}, a pid or a registered name atom. */
    record Monitor(Pid from, Term target, Ref ref) implements ControlMessage { }

    /** {@code DEMONITOR_P}. */
    record Demonitor(Pid from, Term target, Ref ref) implements ControlMessage { }

    /** {@code MONITOR_P_EXIT} / {@code PAYLOAD_MONITOR_P_EXIT}: the monitored process (pid or name) ended. */
    record MonitorExit(Term from, Pid to, Ref ref, Term reason) implements ControlMessage { }

    /** {@code UNLINK_ID}. */
    record UnlinkId(long id, Pid from, Pid to) implements ControlMessage { }

    /** {@code UNLINK_ID_ACK}. */
    record UnlinkIdAck(long id, Pid from, Pid to) implements ControlMessage { }

    /** {@code SPAWN_REQUEST}: spawn {@code module:function/arity} with {@code args}. */
    record SpawnRequest(Ref requestId, Pid from, Pid groupLeader, Atom module, Atom function, int arity,
            Term options, Term args) implements ControlMessage { }

    /** {@code SPAWN_REPLY}: {@code result} is the new pid or an error atom; flags bit 0 link, bit 1 monitor. */
    record SpawnReply(Ref requestId, Pid to, int flags, Term result) implements ControlMessage { }

    /** {@code ALIAS_SEND}: a message to a process alias. */
    record AliasSend(Pid from, Ref alias, Term message) implements ControlMessage { }

    /** {@code ALTACT_SIG_SEND} (OTP 28): a message or exit signal to a pid, name or alias. */
    record AltactSig(int flags, Pid from, Term to, Term payload) implements ControlMessage { }
}
