package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;

/** A connection without a socket: records replies, can be local or not, can fail writes. */
final class FakePeer implements EpmdPeer {
    private final int fd;
    private final boolean local;
    private final boolean writesFail;
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    private boolean kept;
    private boolean closed;

    FakePeer(int fd, boolean local) {
        this(fd, local, false);
    }

    FakePeer(int fd, boolean local, boolean writesFail) {
        this.fd = fd;
        this.local = local;
        this.writesFail = writesFail;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public boolean reply(byte[]... chunks) {
        if (writesFail) {
            return false;
        }
        for (byte[] chunk : chunks) {
            replies.writeBytes(chunk);
        }
        return true;
    }

    @Override
    public void keepOpen() {
        kept = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    byte[] replies() {
        return replies.toByteArray();
    }

    boolean kept() {
        return kept;
    }

    boolean closed() {
        return closed;
    }
}
