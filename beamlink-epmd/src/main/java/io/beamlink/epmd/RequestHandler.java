package io.beamlink.epmd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request body the way OTP's epmd does: the same reply bytes, the same checks in the
 * same order, the same debug lines at the same levels. Privileged requests (ALIVE2, DUMP, KILL,
 * STOP) from a peer that is not local get no reply.
 */
final class RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final byte[] OK = ascii("OK");
    private static final byte[] NO = ascii("NO");
    private static final byte[] STOPPED = ascii("STOPPED");
    private static final byte[] NOEXIST = ascii("NOEXIST");

    private final NodeRegistry registry;
    private final EpmdDebugLog log;
    private final boolean relaxedCommandCheck;
    private final int reportedPort;
    private final Runnable onKill;

    /**
     * @param reportedPort the port NAMES and DUMP replies announce (the daemon's listen port)
     * @param onKill stops the daemon after an accepted KILL_REQ
     */
    RequestHandler(NodeRegistry registry, EpmdDebugLog log, boolean relaxedCommandCheck, int reportedPort, Runnable onKill) {
        this.registry = registry;
        this.log = log;
        this.relaxedCommandCheck = relaxedCommandCheck;
        this.reportedPort = reportedPort;
        this.onKill = onKill;
    }

    /** Handles a complete request body (at least one byte, the code). */
    void handle(byte[] body, EpmdPeer peer) {
        switch (body[0]) {
            case EpmdWire.ALIVE2_REQ -> alive2(body, peer);
            case EpmdWire.PORT_PLEASE2_REQ -> portPlease2(body, peer);
            case EpmdWire.NAMES_REQ -> names(peer);
            case EpmdWire.DUMP_REQ -> dump(peer);
            case EpmdWire.KILL_REQ -> kill(peer);
            case EpmdWire.STOP_REQ -> stop(body, peer);
            default -> {
                log.log(0, "got garbage ");
                LOG.debug("epmd connection {}: unknown request code {} at offset 0", peer.fd(), body[0] & 0xff);
            }
        }
    }

    private void alive2(byte[] body, EpmdPeer peer) {
        log.log(1, "** got ALIVE2_REQ");
        if (!peer.isLocal()) {
            log.log(0, "ALIVE2_REQ from non local address");
            return;
        }
        Alive2Request request;
        try {
            request = RequestParser.alive2(body);
        } catch (MalformedRequestException e) {
            reject(e, peer);
            return;
        }
        long creation = registry.register(request, peer);
        boolean ok = creation >= 0;
        long reported = ok ? creation : EpmdWire.REFUSED_CREATION;
        byte[] reply = request.wants32BitCreation()
                ? ByteBuffer.allocate(6).put(EpmdWire.ALIVE2_X_RESP).put((byte) (ok ? 0 : 1)).putInt((int) reported).array()
                : ByteBuffer.allocate(4).put(EpmdWire.ALIVE2_RESP).put((byte) (ok ? 0 : 1)).putShort((short) reported).array();
        if (!peer.reply(reply)) {
            if (ok) {
                registry.unregister(peer);
            }
            log.log(1, "** failed to send ALIVE2_RESP for \"" + request.name().forLog() + "\"");
            return;
        }
        if (log.enabled(1)) {
            log.log(1, "** sent ALIVE2_RESP for \"" + request.name().forLog() + "\"");
        }
        // OTP keeps the connection even after refusing: the client is expected to close it.
        peer.keepOpen();
    }

    private void portPlease2(byte[] body, EpmdPeer peer) {
        log.log(1, "** got PORT2_REQ");
        WireName name;
        try {
            name = RequestParser.portPlease2(body);
        } catch (MalformedRequestException e) {
            reject(e, peer);
            return;
        }
        NodeRegistry.RegisteredNode node = registry.lookup(name);
        if (node == null) {
            if (!peer.reply(new byte[] {EpmdWire.PORT2_RESP, 1})) {
                log.log(1, "** failed to send PORT2_RESP (error) for \"" + name.forLog() + "\"");
                return;
            }
            log.log(1, "** sent PORT2_RESP (error) for \"" + name.forLog() + "\"");
            return;
        }
        byte[] nodeName = node.name().bytes();
        byte[] extra = node.extra();
        byte[] reply = ByteBuffer.allocate(14 + nodeName.length + extra.length)
                .put(EpmdWire.PORT2_RESP)
                .put((byte) 0)
                .putShort((short) node.port())
                .put((byte) node.nodeType())
                .put((byte) node.protocol())
                .putShort((short) node.highestVersion())
                .putShort((short) node.lowestVersion())
                .putShort((short) nodeName.length)
                .put(nodeName)
                .putShort((short) extra.length)
                .put(extra)
                .array();
        if (!peer.reply(reply)) {
            log.log(1, "** failed to send PORT2_RESP (ok) for \"" + name.forLog() + "\"");
            return;
        }
        if (log.enabled(1)) {
            log.log(1, "** sent PORT2_RESP (ok) for \"" + name.forLog() + "\"");
        }
    }

    private void names(EpmdPeer peer) {
        log.log(1, "** got NAMES_REQ");
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(portBytes());
        for (NodeRegistry.RegisteredNode node : registry.activeNewestFirst()) {
            chunks.add(line("name ", node.name(), " at port " + node.port() + "\n"));
        }
        if (!peer.reply(chunks.toArray(byte[][]::new))) {
            log.log(1, "failed to send NAMES_RESP");
            return;
        }
        log.log(1, "** sent NAMES_RESP");
    }

    private void dump(EpmdPeer peer) {
        log.log(1, "** got DUMP_REQ");
        if (!peer.isLocal()) {
            log.log(0, "DUMP_REQ from non local address");
            return;
        }
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(portBytes());
        for (NodeRegistry.RegisteredNode node : registry.activeNewestFirst()) {
            chunks.add(line("active name     <", node.name(),
                    "> at port " + node.port() + ", fd = " + node.fd() + "\n\0"));
        }
        for (NodeRegistry.RegisteredNode node : registry.rememberedOldestFirst()) {
            chunks.add(line("old/unused name <", node.name(),
                    ">, port = " + node.port() + ", fd = " + node.fd() + " \n\0"));
        }
        if (!peer.reply(chunks.toArray(byte[][]::new))) {
            log.log(1, "failed to send DUMP_RESP");
            return;
        }
        log.log(1, "** sent DUMP_RESP");
    }

    private void kill(EpmdPeer peer) {
        if (!peer.isLocal()) {
            log.log(0, "KILL_REQ from non local address");
            return;
        }
        log.log(1, "** got KILL_REQ");
        if (!relaxedCommandCheck && registry.hasActive()) {
            log.log(0, "Disallowed KILL_REQ, live nodes");
            if (!peer.reply(NO)) {
                log.log(0, "failed to send reply to KILL_REQ");
            }
            return;
        }
        if (!peer.reply(OK)) {
            log.log(0, "failed to send reply to KILL_REQ");
        }
        log.log(1, "epmd killed");
        peer.close();
        log.log(0, "got KILL_REQ - terminates normal");
        onKill.run();
    }

    private void stop(byte[] body, EpmdPeer peer) {
        log.log(1, "** got STOP_REQ");
        if (!peer.isLocal()) {
            log.log(0, "STOP_REQ from non local address");
            return;
        }
        if (!relaxedCommandCheck) {
            log.log(0, "Disallowed STOP_REQ, no relaxed_command_check");
            return;
        }
        WireName name;
        try {
            name = RequestParser.stop(body);
        } catch (MalformedRequestException e) {
            reject(e, peer);
            return;
        }
        EpmdPeer owner = registry.unregister(name);
        if (owner == null) {
            if (!peer.reply(NOEXIST)) {
                log.log(1, "failed to send STOP_RESP NOEXIST");
                return;
            }
            log.log(1, "** sent STOP_RESP NOEXIST");
        } else {
            owner.close();
            log.log(1, "epmd connection stopped");
        }
        // OTP follows NOEXIST with STOPPED as well; its client reads only the first 7 bytes.
        if (!peer.reply(STOPPED)) {
            log.log(1, "failed to send STOP_RESP STOPPED");
            return;
        }
        log.log(1, "** sent STOP_RESP STOPPED");
    }

    private void reject(MalformedRequestException e, EpmdPeer peer) {
        log.log(0, e.otpLogLine());
        LOG.debug("epmd connection {}: {}", peer.fd(), e.getMessage());
    }

    private byte[] portBytes() {
        return ByteBuffer.allocate(4).putInt(reportedPort).array();
    }

    private static byte[] line(String prefix, WireName name, String suffix) {
        byte[] head = ascii(prefix);
        byte[] middle = name.bytes();
        byte[] tail = ascii(suffix);
        return ByteBuffer.allocate(head.length + middle.length + tail.length).put(head).put(middle).put(tail).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
