package io.beamlink.epmd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's name table, with OTP epmd's rules. A registered name belongs to the connection
 * that registered it. An unregistered name is remembered in a slot with its creation counter,
 * so the next registration of that name gets a different creation; when more than the limit
 * are remembered, a new name takes over the oldest slot (counter included). A brand-new slot
 * starts its counter at the current time in seconds. Debug lines are OTP's.
 */
final class NodeRegistry {
    /**
     * One registration, as NAMES, DUMP and PORT2_RESP report it. {@code owner} is the
     * registering connection while the name is registered, null once it is only remembered.
     */
    record RegisteredNode(WireName name, int port, int nodeType, int protocol, int highestVersion,
            int lowestVersion, byte[] extra, long creation, int fd, EpmdPeer owner) {

        RegisteredNode released() {
            return new RegisteredNode(name, port, nodeType, protocol, highestVersion, lowestVersion, extra, creation,
                    fd, null);
        }
    }

    /** A name's creation counter and its current or last registration. */
    private static final class Slot {
        private long counter;
        private RegisteredNode node;

        Slot(long counter) {
            this.counter = counter;
        }

        /** The next creation: 32 bits, never 0..3 (those mean "no creation" or the old 2-bit scheme). */
        void bump() {
            counter = (counter + 1) & 0xffff_ffffL;
            if (counter < 4) {
                counter = 4;
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Registered names, oldest registration first (OTP lists them newest first). */
    private final LinkedHashMap<WireName, Slot> active = new LinkedHashMap<>();
    private final Map<EpmdPeer, WireName> activeByOwner = new IdentityHashMap<>();
    /** Unregistered names, oldest unregistration first. */
    private final LinkedHashMap<WireName, Slot> remembered = new LinkedHashMap<>();
    private final int maxRemembered;
    private final EpmdDebugLog log;

    NodeRegistry(int maxRemembered, EpmdDebugLog log) {
        this.maxRemembered = maxRemembered;
        this.log = log;
    }

    /**
     * Registers the node for {@code owner}'s connection.
     *
     * @return the creation to report, or -1 when refused (the reason is logged as OTP does)
     */
    long register(Alive2Request request, EpmdPeer owner) {
        lock.lock();
        try {
            String refusal = refusal(request);
            if (refusal != null) {
                log.log(0, refusal);
                return -1;
            }
            WireName name = request.name();
            Slot slot = remembered.remove(name);
            if (slot != null) {
                log.log(1, "reusing slot with same name '" + name.forLog() + "'");
                slot.bump();
            } else if (remembered.size() > maxRemembered) {
                var oldest = remembered.pollFirstEntry();
                slot = oldest.getValue();
            } else {
                log.time();
                slot = new Slot(System.currentTimeMillis() / 1000 & 0xffff_ffffL);
                slot.bump();
            }
            long creation = request.wants32BitCreation() ? slot.counter : slot.counter % 3 + 1;
            slot.node = new RegisteredNode(name, request.port(), request.nodeType(), request.protocol(),
                    request.highestVersion(), request.lowestVersion(), request.extra(), creation, owner.fd(), owner);
            active.put(name, slot);
            activeByOwner.put(owner, name);
            if (log.enabled(1)) {
                log.log(1, "registering '" + name.forLog() + ":" + creation + "', port " + request.port());
                log.log(1, "type " + request.nodeType() + " proto " + request.protocol() + " highvsn "
                        + request.highestVersion() + " lowvsn " + request.lowestVersion());
            }
            logTable();
            return creation;
        } finally {
            lock.unlock();
        }
    }

    /** Unregisters the node {@code owner}'s connection registered, if any: its connection ended. */
    void unregister(EpmdPeer owner) {
        lock.lock();
        try {
            WireName name = activeByOwner.remove(owner);
            if (name == null) {
                log.log(1, "trying to unregister node with unknown file descriptor " + owner.fd());
                return;
            }
            forget(name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unregisters {@code name} by force (STOP_REQ).
     *
     * @return the connection that registered it, for the caller to close; null when not registered
     */
    EpmdPeer unregister(WireName name) {
        lock.lock();
        try {
            Slot slot = active.get(name);
            if (slot == null) {
                log.log(1, "trying to unregister node with unknown name " + name.forLog());
                return null;
            }
            EpmdPeer owner = slot.node.owner();
            activeByOwner.remove(owner);
            forget(name);
            return owner;
        } finally {
            lock.unlock();
        }
    }

    RegisteredNode lookup(WireName name) {
        lock.lock();
        try {
            Slot slot = active.get(name);
            return slot == null ? null : slot.node;
        } finally {
            lock.unlock();
        }
    }

    boolean hasActive() {
        lock.lock();
        try {
            return !active.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Registered nodes, newest registration first, as OTP lists them. */
    List<RegisteredNode> activeNewestFirst() {
        lock.lock();
        try {
            List<RegisteredNode> nodes = new ArrayList<>(active.size());
            for (Slot slot : active.sequencedValues().reversed()) {
                nodes.add(slot.node);
            }
            return nodes;
        } finally {
            lock.unlock();
        }
    }

    /** The last registration of each remembered name, oldest unregistration first. */
    List<RegisteredNode> rememberedOldestFirst() {
        lock.lock();
        try {
            List<RegisteredNode> nodes = new ArrayList<>(remembered.size());
            for (Slot slot : remembered.values()) {
                nodes.add(slot.node);
            }
            return nodes;
        } finally {
            lock.unlock();
        }
    }

    private void forget(WireName name) {
        Slot slot = active.remove(name);
        slot.node = slot.node.released();
        remembered.put(name, slot);
        if (log.enabled(1)) {
            log.log(1, "unregistering '" + name.forLog() + ":" + slot.node.creation() + "', port " + slot.node.port());
        }
        logTable();
    }

    /** OTP's checks, in OTP's order, with its log lines. */
    private String refusal(Alive2Request request) {
        WireName name = request.name();
        byte[] bytes = name.bytes();
        int characters = Utf8.characterCount(bytes, 0, bytes.length);
        if (bytes.length > EpmdWire.MAX_SYMBOL_BYTES || characters > EpmdWire.MAX_NAME_CHARACTERS) {
            return "node name is too long (" + bytes.length + ") " + name.forLog();
        }
        if (characters < 0) {
            return "invalid node name encoding";
        }
        byte[] extra = request.extra();
        if (extra.length > EpmdWire.MAX_SYMBOL_BYTES) {
            return "extra data is too long (" + extra.length + ") " + untilNul(extra);
        }
        if (active.containsKey(name)) {
            return "node name already occupied " + name.forLog();
        }
        return null;
    }

    /** OTP prints the extra data as a C string. */
    private static String untilNul(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** OTP's name table at debug level 3. */
    private void logTable() {
        if (!log.enabled(3)) {
            return;
        }
        StringBuilder table = new StringBuilder();
        for (Slot slot : active.sequencedValues().reversed()) {
            RegisteredNode node = slot.node;
            table.append("*****     active name     \"").append(node.name().forLog()).append('#').append(node.creation())
                    .append("\" at port ").append(node.port()).append(", fd = ").append(node.fd()).append("\r\n");
        }
        table.append("*****     reg calculated count  : ").append(active.size()).append("\r\n");
        for (Slot slot : remembered.values()) {
            table.append("*****     old/unused name \"").append(slot.node.name().forLog()).append('#')
                    .append(slot.node.creation()).append("\"\r\n");
        }
        table.append("*****     unreg counter         : ").append(remembered.size()).append("\r\n");
        table.append("*****     unreg calculated count: ").append(remembered.size()).append("\r\n");
        log.rawLines(3, table.toString());
    }
}
