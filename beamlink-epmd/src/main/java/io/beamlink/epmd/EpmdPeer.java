package io.beamlink.epmd;

/** The daemon's side of one client connection, as the request handler sees it. */
interface EpmdPeer {
    /** The connection's number, shown where OTP shows the file descriptor. */
    int fd();

    /** Whether the client is on this host: 127.0.0.0/8, ::1, or the address it connected to. */
    boolean isLocal();

    /**
     * Writes the reply chunks in order (OTP writes and logs each separately).
     *
     * @return false when writing failed; the failure is logged already
     */
    boolean reply(byte[]... chunks);

    /** Keeps the connection open after the request: it now carries a registration. */
    void keepOpen();

    /** Closes the connection. Idempotent. */
    void close();
}
