package io.beamlink.bench.dist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** OTP's epmd, started for one run on a free loopback port, so the run never touches port 4369. */
public final class Epmd implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final int PROBE_MILLIS = 20;

    private final ChildProcess process;
    private final int port;

    private Epmd(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Epmd start() throws InterruptedException {
        int port = freePort();
        ChildProcess process = ChildProcess.start("epmd",
                List.of("epmd", "-port", Integer.toString(port), "-address", "127.0.0.1"), Map.of());
        Epmd epmd = new Epmd(process, port);
        try {
            epmd.awaitListening();
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return epmd;
    }

    public int port() {
        return port;
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PROBE_MILLIS * 10);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new BenchmarkException("epmd did not listen on 127.0.0.1:" + port + " within "
                            + START_LIMIT.toSeconds() + " s; its output:\n" + process.output());
                }
                Thread.sleep(PROBE_MILLIS);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchmarkException("no free port on loopback: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "epmd on port " + port;
    }
}
