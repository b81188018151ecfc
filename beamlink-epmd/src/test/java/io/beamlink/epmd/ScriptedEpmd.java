package io.beamlink.epmd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake epmd for client tests: accepts one connection, reads the request frame, answers with
 * fixed bytes, then closes (or, when told to, keeps silent until closed).
 */
final class ScriptedEpmd implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final CountDownLatch release = new CountDownLatch(1);

    private ScriptedEpmd(byte[] answer, boolean holdOpen) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        thread = Thread.ofVirtual().start(() -> serve(answer, holdOpen));
    }

    /** Answers the first request with {@code answer} and closes. */
    static ScriptedEpmd answering(byte... answer) throws IOException {
        return new ScriptedEpmd(answer, false);
    }

    /** Reads the first request and never answers until closed. */
    static ScriptedEpmd silent() throws IOException {
        return new ScriptedEpmd(new byte[0], true);
    }

    int port() {
        return server.getLocalPort();
    }

    EpmdClient client() {
        return EpmdClient.of("127.0.0.1", port());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        release.countDown();
        server.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void serve(byte[] answer, boolean holdOpen) {
        try (Socket socket = server.accept()) {
            byte[] length = socket.getInputStream().readNBytes(2);
            socket.getInputStream().readNBytes(((length[0] & 0xff) << 8) | (length[1] & 0xff));
            socket.getOutputStream().write(answer);
            if (holdOpen) {
                release.await(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            // the test closed the server before a client came
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
