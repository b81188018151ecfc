package io.beamlink.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a given process listens on a TCP port, from /proc/net/tcp{,6} and the process's
 * open files. Connecting to the port would not tell: another program may hold it.
 */
final class ListeningSockets {

    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {
    }

    static boolean isListening(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(localPort) && fields[3].equals(LISTEN_STATE)) {
                        inodes.add("socket:[" + fields[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this machine: the other one decides
            }
        }
        if (inodes.isEmpty()) {
            return false;
        }
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false; // closed while we looked
                }
            });
        } catch (IOException e) {
            return false; // the process is gone
        }
    }
}
