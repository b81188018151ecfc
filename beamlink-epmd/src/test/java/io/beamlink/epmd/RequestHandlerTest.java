package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestHandlerTest {
    private static final int EPMD_PORT = 14369;

    private final DebugCapture debug = new DebugCapture();
    private final AtomicBoolean killed = new AtomicBoolean();
    private NodeRegistry registry;

    private RequestHandler handler(int level, boolean relaxed) {
        EpmdDebugLog log = debug.log(level);
        registry = new NodeRegistry(1000, log);
        return new RequestHandler(registry, log, relaxed, EPMD_PORT, () -> killed.set(true));
    }

    private static FakePeer local(int fd) {
        return new FakePeer(fd, true);
    }

    @Test
    void alive2FromVersion6GetsAlive2XRespWithA32BitCreationAndKeepsTheConnection() {
        RequestHandler handler = handler(1, false);
        FakePeer peer = local(5);
        handler.handle(RequestBytes.alive2("app", 50785, 6, 6), peer);
        ByteBuffer reply = ByteBuffer.wrap(peer.replies());
        assertThat(reply.remaining()).isEqualTo(6);
        assertThat(reply.get()).isEqualTo(EpmdWire.ALIVE2_X_RESP);
        assertThat(reply.get()).isZero();
        long creation = Integer.toUnsignedLong(reply.getInt());
        assertThat(creation).isGreaterThan(3);
        assertThat(peer.kept()).isTrue();
        assertThat(debug.lines()).containsExactly(
                "epmd: ** got ALIVE2_REQ",
                "epmd: registering 'app:" + creation + "', port 50785",
                "epmd: type 77 proto 0 highvsn 6 lowvsn 6",
                "epmd: ** sent ALIVE2_RESP for \"app\"");
    }

    @Test
    void alive2FromVersion5GetsAlive2RespWithCreationOneToThree() {
        RequestHandler handler = handler(0, false);
        FakePeer peer = local(5);
        handler.handle(RequestBytes.alive2("old", 5000, 5, 5), peer);
        byte[] reply = peer.replies();
        assertThat(reply).hasSize(4);
        assertThat(reply[0]).isEqualTo(EpmdWire.ALIVE2_RESP);
        assertThat(reply[1]).isZero();
        assertThat(((reply[2] & 0xff) << 8) | (reply[3] & 0xff)).isBetween(1, 3);
    }

    @Test
    void aDuplicateNameGetsResultOneAndCreation99AndOtpKeepsTheConnection() {
        RequestHandler handler = handler(0, false);
        handler.handle(RequestBytes.alive2("app", 5000, 6, 6), local(5));
        FakePeer second = local(6);
        handler.handle(RequestBytes.alive2("app", 5001, 6, 6), second);
        assertThat(second.replies()).containsExactly(EpmdWire.ALIVE2_X_RESP, 1, 0, 0, 0, 99);
        assertThat(second.kept()).isTrue();
        assertThat(debug.lines()).containsExactly("epmd: node name already occupied app");
    }

    @Test
    void privilegedRequestsFromANonLocalPeerGetNoReply() {
        RequestHandler handler = handler(1, true);
        FakePeer remote = new FakePeer(5, false);
        handler.handle(RequestBytes.alive2("app", 5000, 6, 6), remote);
        handler.handle(new byte[] {EpmdWire.DUMP_REQ}, remote);
        handler.handle(new byte[] {EpmdWire.KILL_REQ}, remote);
        handler.handle(RequestBytes.withCode(EpmdWire.STOP_REQ, "app"), remote);
        assertThat(remote.replies()).isEmpty();
        assertThat(remote.kept()).isFalse();
        assertThat(killed).isFalse();
        assertThat(debug.lines()).containsExactly(
                "epmd: ** got ALIVE2_REQ",
                "epmd: ALIVE2_REQ from non local address",
                "epmd: ** got DUMP_REQ",
                "epmd: DUMP_REQ from non local address",
                "epmd: KILL_REQ from non local address",
                "epmd: ** got STOP_REQ",
                "epmd: STOP_REQ from non local address");
    }

    @Test
    void aNonLocalPeerMayLookUpAndListNames() {
        RequestHandler handler = handler(0, false);
        handler.handle(RequestBytes.alive2("app", 50785, 6, 6), local(5));
        FakePeer remote = new FakePeer(6, false);
        handler.handle(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "app"), remote);
        assertThat(remote.replies()).startsWith(EpmdWire.PORT2_RESP, 0);
        FakePeer remoteNames = new FakePeer(7, false);
        handler.handle(new byte[] {EpmdWire.NAMES_REQ}, remoteNames);
        assertThat(remoteNames.replies()).hasSizeGreaterThan(4);
    }

    @Test
    void portPlease2RepliesWithEverythingRegistered() {
        RequestHandler handler = handler(1, false);
        handler.handle(RequestBytes.alive2("app".getBytes(StandardCharsets.UTF_8), 50785, 6, 5, new byte[] {9}), local(5));
        debug.clear();
        FakePeer peer = local(6);
        handler.handle(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "app"), peer);
        assertThat(peer.replies()).containsExactly(119, 0, 0xc6, 0x61, 77, 0, 0, 6, 0, 5, 0, 3, 'a', 'p', 'p', 0, 1, 9);
        FakePeer missing = local(7);
        handler.handle(RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "nope"), missing);
        assertThat(missing.replies()).containsExactly(119, 1);
        assertThat(debug.lines()).containsExactly(
                "epmd: ** got PORT2_REQ",
                "epmd: ** sent PORT2_RESP (ok) for \"app\"",
                "epmd: ** got PORT2_REQ",
                "epmd: ** sent PORT2_RESP (error) for \"nope\"");
    }

    @Test
    void namesReplyIsThePortThenOneLinePerNodeNewestFirst() {
        RequestHandler handler = handler(0, false);
        handler.handle(RequestBytes.alive2("a", 5001, 6, 6), local(5));
        handler.handle(RequestBytes.alive2("b", 5002, 6, 6), local(6));
        FakePeer peer = local(7);
        handler.handle(new byte[] {EpmdWire.NAMES_REQ}, peer);
        ByteBuffer reply = ByteBuffer.wrap(peer.replies());
        assertThat(reply.getInt()).isEqualTo(EPMD_PORT);
        assertThat(StandardCharsets.US_ASCII.decode(reply).toString())
                .isEqualTo("name b at port 5002\nname a at port 5001\n");
    }

    @Test
    void dumpShowsActiveAndRememberedNamesEachEndedByNul() {
        RequestHandler handler = handler(0, false);
        FakePeer gone = local(5);
        handler.handle(RequestBytes.alive2("gone", 5001, 6, 6), gone);
        handler.handle(RequestBytes.alive2("live", 5002, 6, 6), local(6));
        registry.unregister(gone);
        FakePeer peer = local(7);
        handler.handle(new byte[] {EpmdWire.DUMP_REQ}, peer);
        ByteBuffer reply = ByteBuffer.wrap(peer.replies());
        assertThat(reply.getInt()).isEqualTo(EPMD_PORT);
        assertThat(StandardCharsets.US_ASCII.decode(reply).toString()).isEqualTo(
                "active name     <live> at port 5002, fd = 6\n\0old/unused name <gone>, port = 5001, fd = 5 \n\0");
    }

    @Test
    void killIsRefusedWhileNodesLiveUnlessRelaxed() {
        RequestHandler strict = handler(1, false);
        strict.handle(RequestBytes.alive2("app", 5000, 6, 6), local(5));
        debug.clear();
        FakePeer refused = local(6);
        strict.handle(new byte[] {EpmdWire.KILL_REQ}, refused);
        assertThat(refused.replies()).containsExactly('N', 'O');
        assertThat(killed).isFalse();
        assertThat(debug.lines()).containsExactly("epmd: ** got KILL_REQ", "epmd: Disallowed KILL_REQ, live nodes");

        RequestHandler relaxed = handler(1, true);
        relaxed.handle(RequestBytes.alive2("app", 5000, 6, 6), local(5));
        debug.clear();
        FakePeer accepted = local(6);
        relaxed.handle(new byte[] {EpmdWire.KILL_REQ}, accepted);
        assertThat(accepted.replies()).containsExactly('O', 'K');
        assertThat(accepted.closed()).isTrue();
        assertThat(killed).isTrue();
        assertThat(debug.lines()).containsExactly(
                "epmd: ** got KILL_REQ", "epmd: epmd killed", "epmd: got KILL_REQ - terminates normal");
    }

    @Test
    void stopNeedsRelaxedCheckThenClosesTheRegistrationOrSaysNoexist() {
        RequestHandler strict = handler(0, false);
        FakePeer refused = local(6);
        strict.handle(RequestBytes.withCode(EpmdWire.STOP_REQ, "app"), refused);
        assertThat(refused.replies()).isEmpty();
        assertThat(debug.lines()).containsExactly("epmd: Disallowed STOP_REQ, no relaxed_command_check");

        RequestHandler relaxed = handler(1, true);
        FakePeer owner = local(5);
        relaxed.handle(RequestBytes.alive2("app", 5000, 6, 6), owner);
        debug.clear();
        FakePeer stopper = local(6);
        relaxed.handle(RequestBytes.withCode(EpmdWire.STOP_REQ, "app"), stopper);
        assertThat(stopper.replies()).asString(StandardCharsets.US_ASCII).isEqualTo("STOPPED");
        assertThat(owner.closed()).isTrue();
        FakePeer again = local(7);
        relaxed.handle(RequestBytes.withCode(EpmdWire.STOP_REQ, "app"), again);
        assertThat(again.replies()).asString(StandardCharsets.US_ASCII).isEqualTo("NOEXISTSTOPPED");
        assertThat(debug.lines()).containsExactly(
                "epmd: ** got STOP_REQ",
                debug.lines().get(1), // unregistering 'app:<creation>', port 5000
                "epmd: epmd connection stopped",
                "epmd: ** sent STOP_RESP STOPPED",
                "epmd: ** got STOP_REQ",
                "epmd: trying to unregister node with unknown name app",
                "epmd: ** sent STOP_RESP NOEXIST",
                "epmd: ** sent STOP_RESP STOPPED");
        assertThat(debug.lines().get(1)).matches("epmd: unregistering 'app:\\d+', port 5000");
    }

    @Test
    void unknownCodesAreGarbage() {
        RequestHandler handler = handler(0, false);
        FakePeer peer = local(5);
        handler.handle(new byte[] {'a'}, peer);
        assertThat(peer.replies()).isEmpty();
        assertThat(debug.lines()).containsExactly("epmd: got garbage ");
    }

    @Test
    void aFailedAlive2ReplyUnregistersTheName() {
        RequestHandler handler = handler(1, false);
        handler.handle(RequestBytes.alive2("app", 5000, 6, 6), new FakePeer(5, true, true));
        FakePeer names = local(6);
        handler.handle(new byte[] {EpmdWire.NAMES_REQ}, names);
        assertThat(names.replies()).hasSize(4);
        assertThat(debug.lines()).contains("epmd: ** failed to send ALIVE2_RESP for \"app\"");
    }
}
