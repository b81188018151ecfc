package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.BigInt;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.Tuple;

/**
 * Control messages to and from their wire tuples (dist-protocol §5). Encoding picks the
 * operation the negotiated flags call for (SEND_SENDER over SEND, PAYLOAD_EXIT over EXIT, ...)
 * and writes straight into the output buffer, without building tuples.
 */
public final class ControlCodec {
    static final int LINK = 1;
    static final int SEND = 2;
    static final int EXIT = 3;
    static final int REG_SEND = 6;
    static final int GROUP_LEADER = 7;
    static final int EXIT2 = 8;
    static final int SEND_TT = 12;
    static final int EXIT_TT = 13;
    static final int REG_SEND_TT = 16;
    static final int EXIT2_TT = 18;
    static final int MONITOR_P = 19;
    static final int DEMONITOR_P = 20;
    static final int MONITOR_P_EXIT = 21;
    static final int SEND_SENDER = 22;
    static final int SEND_SENDER_TT = 23;
    static final int PAYLOAD_EXIT = 24;
    static final int PAYLOAD_EXIT_TT = 25;
    static final int PAYLOAD_EXIT2 = 26;
    static final int PAYLOAD_EXIT2_TT = 27;
    static final int PAYLOAD_MONITOR_P_EXIT = 28;
    static final int SPAWN_REQUEST = 29;
    static final int SPAWN_REQUEST_TT = 30;
    static final int SPAWN_REPLY = 31;
    static final int SPAWN_REPLY_TT = 32;
    static final int ALIAS_SEND = 33;
    static final int ALIAS_SEND_TT = 34;
    static final int UNLINK_ID = 35;
    static final int UNLINK_ID_ACK = 36;
    static final int ALTACT_SIG_SEND = 37;

    private static final int SMALL_TUPLE_EXT = 104;
    private static final int SMALL_INTEGER_EXT = 97;
    private static final Atom EMPTY = Atom.EMPTY;

    private ControlCodec() {
    }

    /** True when messages with this operation carry a second term (message, reason or arguments). */
    static boolean hasPayload(int op) {
        return switch (op) {
            case SEND, REG_SEND, SEND_TT, REG_SEND_TT, SEND_SENDER, SEND_SENDER_TT, PAYLOAD_EXIT, PAYLOAD_EXIT_TT,
                    PAYLOAD_EXIT2, PAYLOAD_EXIT2_TT, PAYLOAD_MONITOR_P_EXIT, SPAWN_REQUEST, SPAWN_REQUEST_TT,
                    ALIAS_SEND, ALIAS_SEND_TT, ALTACT_SIG_SEND -> true;
            default -> false;
        };
    }

    /** The operation of a decoded control tuple, or throws when it is not one. */
    static int operation(Term control) throws ProtocolException {
        if (control instanceof Tuple t && t.arity() >= 1 && t.get(0) instanceof Int(long op) && op > 0 && op < 64) {
            return (int) op;
        }
        throw new ProtocolException("control message is not a tuple with an operation code: " + control);
    }

    /** A control tuple and its payload (null when the operation has none) as a message. */
    static ControlMessage decode(Tuple c, Term payload) throws ProtocolException {
        int op = operation(c);
        try {
            return switch (op) {
                case LINK -> new ControlMessage.Link(pid(c, 1), pid(c, 2));
                case SEND, SEND_TT -> new ControlMessage.Send(null, pid(c, 2), payload);
                case SEND_SENDER, SEND_SENDER_TT -> new ControlMessage.Send(pid(c, 1), pid(c, 2), payload);
                case REG_SEND, REG_SEND_TT -> new ControlMessage.RegSend(pid(c, 1), atom(c, 3), payload);
                case EXIT -> new ControlMessage.Exit(pid(c, 1), pid(c, 2), c.get(3));
                case EXIT_TT -> new ControlMessage.Exit(pid(c, 1), pid(c, 2), c.get(4));
                case PAYLOAD_EXIT, PAYLOAD_EXIT_TT -> new ControlMessage.Exit(pid(c, 1), pid(c, 2), payload);
                case EXIT2 -> new ControlMessage.Exit2(pid(c, 1), pid(c, 2), c.get(3));
                case EXIT2_TT -> new ControlMessage.Exit2(pid(c, 1), pid(c, 2), c.get(4));
                case PAYLOAD_EXIT2, PAYLOAD_EXIT2_TT -> new ControlMessage.Exit2(pid(c, 1), pid(c, 2), payload);
                case GROUP_LEADER -> new ControlMessage.GroupLeader(pid(c, 1), pid(c, 2));
                case MONITOR_P -> new ControlMessage.Monitor(pid(c, 1), c.get(2), ref(c, 3));
                case DEMONITOR_P -> new ControlMessage.Demonitor(pid(c, 1), c.get(2), ref(c, 3));
                case MONITOR_P_EXIT -> new ControlMessage.MonitorExit(c.get(1), pid(c, 2), ref(c, 3), c.get(4));
                case PAYLOAD_MONITOR_P_EXIT -> new ControlMessage.MonitorExit(c.get(1), pid(c, 2), ref(c, 3), payload);
                case UNLINK_ID -> new ControlMessage.UnlinkId(id(c, 1), pid(c, 2), pid(c, 3));
                case UNLINK_ID_ACK -> new ControlMessage.UnlinkIdAck(id(c, 1), pid(c, 2), pid(c, 3));
                case SPAWN_REQUEST, SPAWN_REQUEST_TT -> spawnRequest(c, payload);
                case SPAWN_REPLY, SPAWN_REPLY_TT ->
                        new ControlMessage.SpawnReply(ref(c, 1), pid(c, 2), (int) integer(c, 3), c.get(4));
                case ALIAS_SEND, ALIAS_SEND_TT -> new ControlMessage.AliasSend(pid(c, 1), ref(c, 2), payload);
                case ALTACT_SIG_SEND -> new ControlMessage.AltactSig((int) integer(c, 1), pid(c, 2), c.get(3), payload);
                default -> throw new ProtocolException("unknown control message operation " + op + ": " + c);
            };
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new ProtocolException("malformed control message for operation " + op + ": " + c);
        }
    }

    private static ControlMessage spawnRequest(Tuple c, Term args) throws ProtocolException {
        if (!(c.get(4) instanceof Tuple mfa) || mfa.arity() != 3) {
            throw new ProtocolException("SPAWN_REQUEST without a {Module, Function, Arity} tuple: " + c);
        }
        return new ControlMessage.SpawnRequest(ref(c, 1), pid(c, 2), pid(c, 3), (Atom) mfa.get(0),
                (Atom) mfa.get(1), (int) ((Int) mfa.get(2)).value(), c.get(5), args);
    }

    private static Pid pid(Tuple c, int i) {
        return (Pid) c.get(i);
    }

    private static Atom atom(Tuple c, int i) {
        return (Atom) c.get(i);
    }

    private static Ref ref(Tuple c, int i) {
        return (Ref) c.get(i);
    }

    private static long integer(Tuple c, int i) {
        return ((Int) c.get(i)).value();
    }

    private static long id(Tuple c, int i) {
        return switch (c.get(i)) {
            case Int(long v) -> v;
            case BigInt(var v) -> v.longValue();
            default -> throw new ClassCastException("unlink id");
        };
    }

    /**
     * Writes a control message's tuple (without the 131 version byte) for a connection with
     * {@code flags} negotiated, and returns the payload to write after it, or null.
     */
    static Term encode(ControlMessage message, long flags, OutputBuffer out) {
        switch (message) {
            case ControlMessage.Send m -> {
                if (m.from() != null && (flags & DistFlags.SEND_SENDER) != 0) {
                    header(out, 3, SEND_SENDER);
                    term(out, m.from());
                } else {
                    header(out, 3, SEND);
                    term(out, EMPTY);
                }
                term(out, m.to());
                return m.message();
            }
            case ControlMessage.RegSend m -> {
                header(out, 4, REG_SEND);
                term(out, m.from());
                term(out, EMPTY);
                term(out, m.toName());
                return m.message();
            }
            case ControlMessage.Link m -> {
                header(out, 3, LINK);
                term(out, m.from());
                term(out, m.to());
                return null;
            }
            case ControlMessage.Exit m -> {
                return exit(out, flags, EXIT, PAYLOAD_EXIT, m.from(), m.to(), m.reason());
            }
            case ControlMessage.Exit2 m -> {
                return exit(out, flags, EXIT2, PAYLOAD_EXIT2, m.from(), m.to(), m.reason());
            }
            case ControlMessage.GroupLeader m -> {
                header(out, 3, GROUP_LEADER);
                term(out, m.leader());
                term(out, m.to());
                return null;
            }
            case ControlMessage.Monitor m -> {
                header(out, 4, MONITOR_P);
                term(out, m.from());
                term(out, m.target());
                term(out, m.ref());
                return null;
            }
            case ControlMessage.Demonitor m -> {
                header(out, 4, DEMONITOR_P);
                term(out, m.from());
                term(out, m.target());
                term(out, m.ref());
                return null;
            }
            case ControlMessage.MonitorExit m -> {
                boolean payload = (flags & DistFlags.EXIT_PAYLOAD) != 0;
                header(out, payload ? 4 : 5, payload ? PAYLOAD_MONITOR_P_EXIT : MONITOR_P_EXIT);
                term(out, m.from());
                term(out, m.to());
                term(out, m.ref());
                if (payload) {
                    return m.reason();
                }
                term(out, m.reason());
                return null;
            }
            case ControlMessage.UnlinkId m -> {
                unlink(out, UNLINK_ID, m.id(), m.from(), m.to());
                return null;
            }
            case ControlMessage.UnlinkIdAck m -> {
                unlink(out, UNLINK_ID_ACK, m.id(), m.from(), m.to());
                return null;
            }
            case ControlMessage.SpawnRequest m -> {
                header(out, 6, SPAWN_REQUEST);
                term(out, m.requestId());
                term(out, m.from());
                term(out, m.groupLeader());
                term(out, Tuple.of(m.module(), m.function(), Int.of(m.arity())));
                term(out, m.options());
                return m.args();
            }
            case ControlMessage.SpawnReply m -> {
                header(out, 5, SPAWN_REPLY);
                term(out, m.requestId());
                term(out, m.to());
                term(out, Int.of(m.flags()));
                term(out, m.result());
                return null;
            }
            case ControlMessage.AliasSend m -> {
                header(out, 3, ALIAS_SEND);
                term(out, m.from());
                term(out, m.alias());
                return m.message();
            }
            case ControlMessage.AltactSig m -> {
                header(out, 4, ALTACT_SIG_SEND);
                term(out, Int.of(m.flags()));
                term(out, m.from());
                term(out, m.to());
                return m.payload();
            }
        }
    }

    private static Term exit(OutputBuffer out, long flags, int plainOp, int payloadOp, Pid from, Pid to, Term reason) {
        boolean payload = (flags & DistFlags.EXIT_PAYLOAD) != 0;
        header(out, payload ? 3 : 4, payload ? payloadOp : plainOp);
        term(out, from);
        term(out, to);
        if (payload) {
            return reason;
        }
        term(out, reason);
        return null;
    }

    private static void unlink(OutputBuffer out, int op, long id, Pid from, Pid to) {
        header(out, 4, op);
        term(out, id >= 0 ? Int.of(id) : Term.integer(new java.math.BigInteger(Long.toUnsignedString(id))));
        term(out, from);
        term(out, to);
    }

    private static void header(OutputBuffer out, int arity, int op) {
        out.writeByte(SMALL_TUPLE_EXT);
        out.writeByte(arity);
        out.writeByte(SMALL_INTEGER_EXT);
        out.writeByte(op);
    }

    private static void term(OutputBuffer out, Term term) {
        TermEncoder.encodeBody(term, out);
    }
}
