package io.beamlink.epmd;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's open connections and their numbers. Numbers are handed out like file
 * descriptors (the lowest free one, starting after what OTP's epmd would have open: standard
 * streams and its listen sockets), so DUMP and debug lines show the numbers OTP would show.
 */
final class ConnectionTable {
    private final ReentrantLock lock = new ReentrantLock();
    private final BitSet used = new BitSet();
    private final Map<Integer, DaemonConnection> open = new LinkedHashMap<>();
    private final int firstFd;
    private final int maxConnections;

    ConnectionTable(int firstFd, int maxConnections) {
        this.firstFd = firstFd;
        this.maxConnections = maxConnections;
    }

    /** The lowest free number, or -1 when {@code maxConnections} are open. */
    int reserve() {
        lock.lock();
        try {
            if (used.cardinality() >= maxConnections) {
                return -1;
            }
            int fd = used.nextClearBit(firstFd);
            used.set(fd);
            return fd;
        } finally {
            lock.unlock();
        }
    }

    /** The number OTP would report for a connection refused because the table is full. */
    int nextAfterFull() {
        return firstFd + maxConnections;
    }

    void add(DaemonConnection connection) {
        lock.lock();
        try {
            open.put(connection.fd(), connection);
        } finally {
            lock.unlock();
        }
    }

    /** Frees the connection's number for the next connection. */
    void remove(DaemonConnection connection) {
        lock.lock();
        try {
            if (open.remove(connection.fd(), connection)) {
                used.clear(connection.fd());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Frees a number reserved for a connection that never opened. */
    void release(int fd) {
        lock.lock();
        try {
            if (!open.containsKey(fd)) {
                used.clear(fd);
            }
        } finally {
            lock.unlock();
        }
    }

    List<DaemonConnection> openConnections() {
        lock.lock();
        try {
            return new ArrayList<>(open.values());
        } finally {
            lock.unlock();
        }
    }

}
