package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain socket to an epmd for tests: sends any bytes, reads whatever comes until the peer closes. */
final class RawClient implements AutoCloseable {
    /** Long enough for any loopback reply; a test waiting this long has failed anyway. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;

    RawClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }

    static RawClient local(int port) throws IOException {
        return new RawClient("127.0.0.1", port);
    }

    RawClient send(byte... bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Tells the peer nothing more will come (a half close), as a client ending its request does. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Exactly {@code count} bytes; fails if the peer closes first. */
    byte[] read(int count) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(count);
        if (bytes.length != count) {
            throw new IOException("peer closed after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    /** Everything until the peer closes the connection. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[4096];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the peer did not close within " + READ_TIMEOUT_MILLIS + " ms; got " + all.size()
                    + " bytes", e);
        } catch (IOException e) {
            // a reset after the peer closed with unread input: what arrived before still counts
        }
        return all.toByteArray();
    }

    /** Whether the peer has closed (reads end of stream or a reset) within the read timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
