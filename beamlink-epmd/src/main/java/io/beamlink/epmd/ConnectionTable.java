package io.beamlink.epmd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The daemon's open connections and their numbers. Numbers are handed out like file
 * descriptors (the lowest free one, starting after what OTP's epmd would have open: standard
 * streams and its listen sockets), so DUMP and debug lines show the numbers OTP would show.
 * Only the daemon's thread uses it.
 */
final class ConnectionTable {
    private final int firstFd;
    private final int maxConnections;
    /** Indexed by number minus {@code firstFd}; null where the number is free. */
    private DaemonConnection[] slots = new DaemonConnection[16];
    private int count;
    /** Every slot below this index is taken. */
    private int searchFrom;

    ConnectionTable(int firstFd, int maxConnections) {
        this.firstFd = firstFd;
        this.maxConnections = maxConnections;
    }

    boolean isFull() {
        return count >= maxConnections;
    }

    /** The number the next connection gets: the lowest free one. */
    int nextFd() {
        int index = searchFrom;
        while (index < slots.length && slots[index] != null) {
            index++;
        }
        searchFrom = index;
        return firstFd + index;
    }

    /** The number OTP would report for a connection refused because the table is full. */
    int nextAfterFull() {
        return firstFd + maxConnections;
    }

    void add(DaemonConnection connection) {
        int index = connection.fd() - firstFd;
        if (index >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(slots.length * 2, index + 1));
        }
        slots[index] = connection;
        count++;
    }

    /** Frees the connection's number for the next connection. */
    void remove(DaemonConnection connection) {
        int index = connection.fd() - firstFd;
        if (index < slots.length && slots[index] == connection) {
            slots[index] = null;
            count--;
            searchFrom = Math.min(searchFrom, index);
        }
    }

    List<DaemonConnection> openConnections() {
        List<DaemonConnection> connections = new ArrayList<>(count);
        for (DaemonConnection connection : slots) {
            if (connection != null) {
                connections.add(connection);
            }
        }
        return connections;
    }
}
