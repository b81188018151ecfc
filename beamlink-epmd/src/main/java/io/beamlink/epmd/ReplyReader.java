package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Reads one reply from an epmd connection within a deadline. Every read gets only the time that
 * remains, so a peer that trickles bytes cannot stretch a request past its timeout. Problems
 * become {@link EpmdException}s that say which reply, which byte offset, and what was expected.
 */
final class ReplyReader {
    private static final int KEPT_BYTES = 4096;

    private final Socket socket;
    private final InputStream in;
    private final String endpoint;
    private final String requestName;
    private final Duration timeout;
    private final long deadlineNanos;
    /** The first bytes of the reply, kept for error reports. */
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private long receivedCount;
    private final byte[] ahead = new byte[512];
    private int aheadPosition;
    private int aheadEnd;

    ReplyReader(Socket socket, String endpoint, String requestName, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.endpoint = endpoint;
        this.requestName = requestName;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** The next byte, or -1 when epmd closed the connection. */
    int readByteOrEnd() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    byte[] readExactly(int count, String what) throws IOException {
        byte[] bytes = new byte[count];
        int got = 0;
        while (got < count) {
            int n = read(bytes, got, count - got);
            if (n < 0) {
                throw malformed("closed the connection " + got + " bytes into " + what + ", which needs " + count,
                        receivedCount);
            }
            got += n;
        }
        return bytes;
    }

    int readUnsignedShort(String what) throws IOException {
        byte[] b = readExactly(2, what);
        return (b[0] & 0xff) << 8 | (b[1] & 0xff);
    }

    /** Everything up to the end of the stream, refusing more than {@code limit} bytes. */
    byte[] readToEnd(int limit) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = read(chunk, 0, chunk.length)) >= 0) {
            if (text.size() + n > limit) {
                throw malformed("sent more than " + limit + " bytes", receivedCount);
            }
            text.write(chunk, 0, n);
        }
        return text.toByteArray();
    }

    /** The first bytes read so far (at most {@value #KEPT_BYTES}), for error reports. */
    byte[] received() {
        return received.toByteArray();
    }

    /** A reply that breaks the protocol at byte {@code offset}. */
    EpmdReplyException malformed(String problem, long offset) {
        return new EpmdReplyException("epmd on " + endpoint + " " + problem + " (reply to " + requestName
                + ", at offset " + offset + ")", received());
    }

    /**
     * Up to {@code length} bytes: from what the last socket read brought in, or a new socket
     * read. Reading ahead is safe because nothing but this reply ever arrives on the connection,
     * and it turns a reply's half-dozen fields into one system call. A request for at least the
     * read-ahead's size, once it is used up, is read straight into the caller's buffer, so a long
     * listing takes as many system calls as its chunks.
     */
    private int read(byte[] buffer, int offset, int length) throws IOException {
        if (aheadPosition == aheadEnd && length >= ahead.length) {
            return readSocket(buffer, offset, length);
        }
        if (aheadPosition == aheadEnd) {
            int n = readSocket(ahead, 0, ahead.length);
            if (n < 0) {
                return n;
            }
            aheadPosition = 0;
            aheadEnd = n;
        }
        int n = Math.min(length, aheadEnd - aheadPosition);
        System.arraycopy(ahead, aheadPosition, buffer, offset, n);
        aheadPosition += n;
        return n;
    }

    private int readSocket(byte[] buffer, int offset, int length) throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw timedOut(null);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        try {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                received.write(buffer, offset, (int) Math.max(0, Math.min(n, KEPT_BYTES - receivedCount)));
                receivedCount += n;
            }
            return n;
        } catch (SocketTimeoutException e) {
            throw timedOut(e);
        } catch (IOException e) {
            throw new EpmdException("reading the reply of epmd on " + endpoint + " to " + requestName + " failed after "
                    + receivedCount + " bytes: " + e.getMessage(), e);
        }
    }

    private EpmdException timedOut(Throwable cause) {
        return new EpmdException("epmd on " + endpoint + " did not complete its reply to " + requestName + " within "
                + EpmdClient.describe(timeout) + " (" + receivedCount + " bytes received)", cause);
    }
}
