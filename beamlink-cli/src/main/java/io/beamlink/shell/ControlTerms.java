package io.beamlink.shell;

import io.beamlink.dist.ControlMessage;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;

/**
 * Distribution control messages as terms for traces, named after OTP's operations:
 * {@code {reg_send, From, ToName, Message}}, {@code {send, From, To, Message}},
 * {@code {monitor_p, From, Target, Ref}}, ... ({@code From} is {@code undefined} when the
 * wire did not carry it).
 */
final class ControlTerms {
    private ControlTerms() {
    }

    static Term of(ControlMessage message) {
        return switch (message) {
            case ControlMessage.Link m -> tuple("link", m.from(), m.to());
            case ControlMessage.Send m -> tuple("send", orUndefined(m.from()), m.to(), m.message());
            case ControlMessage.RegSend m -> tuple("reg_send", m.from(), m.toName(), m.message());
            case ControlMessage.Exit m -> tuple("exit", m.from(), m.to(), m.reason());
            case ControlMessage.Exit2 m -> tuple("exit2", m.from(), m.to(), m.reason());
            case ControlMessage.GroupLeader m -> tuple("group_leader", m.leader(), m.to());
            case ControlMessage.Monitor m -> tuple("monitor_p", m.from(), m.target(), m.ref());
            case ControlMessage.Demonitor m -> tuple("demonitor_p", m.from(), m.target(), m.ref());
            case ControlMessage.MonitorExit m -> tuple("monitor_p_exit", m.from(), m.to(), m.ref(), m.reason());
            case ControlMessage.UnlinkId m -> tuple("unlink_id", Term.integer(m.id()), m.from(), m.to());
            case ControlMessage.UnlinkIdAck m -> tuple("unlink_id_ack", Term.integer(m.id()), m.from(), m.to());
            case ControlMessage.SpawnRequest m -> tuple("spawn_request", m.requestId(), m.from(), m.groupLeader(),
                    Tuple.of(m.module(), m.function(), Int.of(m.arity())), m.options(), m.args());
            case ControlMessage.SpawnReply m -> tuple("spawn_reply", m.requestId(), m.to(), Int.of(m.flags()),
                    m.result());
            case ControlMessage.AliasSend m -> tuple("alias_send", m.from(), m.alias(), m.message());
            case ControlMessage.AltactSig m -> tuple("altact_sig_send", Int.of(m.flags()), m.from(), m.to(),
                    m.payload());
        };
    }

    private static Term orUndefined(Term t) {
        return t == null ? Atom.UNDEFINED : t;
    }

    private static Tuple tuple(String tag, Term... rest) {
        Term[] elements = new Term[rest.length + 1];
        elements[0] = Atom.of(tag);
        for (int i = 0; i < rest.length; i++) {
            elements[i + 1] = orUndefined(rest[i]);
        }
        return Tuple.of(elements);
    }
}
