package io.beamlink.dist;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version 6 distribution handshake (dist_util), both roles, on a connected socket. Messages
 * are framed with a 2-byte length; each step waits at most {@code stepTimeout} (net_setuptime).
 * As acceptor it also takes the older {@code 'n'} name message followed by {@code 'c'}, which
 * an initiator sends when epmd reported version 5 for this node (OTP 23 itself is refused: it
 * lacks {@code V4_NC}, which Beamlink requires).
 */
public final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_MESSAGE = 65535;

    /** What the acceptor asks the node when a peer names itself. */
    public interface Acceptor {
        /** The status to send to a peer that named itself {@code peerName} with {@code peerFlags}. */
        HandshakeStatus statusFor(String peerName, long peerFlags);
    }

    private final String localName;
    private final long localFlags;
    private final int localCreation;
    private final Function<String, String> cookieForPeer;
    private final Duration stepTimeout;

    /**
     * @param localName our full node name
     * @param localFlags the flags we advertise
     * @param localCreation our creation
     * @param cookieForPeer the cookie to use with a peer, by its full node name
     * @param stepTimeout the longest wait for each handshake message
     */
    public Handshake(String localName, long localFlags, int localCreation, Function<String, String> cookieForPeer,
            Duration stepTimeout) {
        this.localName = localName;
        this.localFlags = localFlags;
        this.localCreation = localCreation;
        this.cookieForPeer = cookieForPeer;
        this.stepTimeout = stepTimeout;
    }

    /** Dials: we are A. {@code peerName} is the exact name we expect the peer to present. */
    public HandshakeResult initiate(Socket socket, String peerName) throws IOException {
        long start = System.nanoTime();
        Framed io = new Framed(socket, stepTimeout);
        byte[] name = localName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer sendName = ByteBuffer.allocate(1 + 8 + 4 + 2 + name.length);
        sendName.put((byte) 'N').putLong(localFlags).putInt(localCreation).putShort((short) name.length).put(name);
        io.write(sendName.array());

        String status = readStatus(io.read("status"));
        switch (status) {
            case "ok", "ok_simultaneous" -> { }
            case "alive" -> io.write(statusMessage("true"));
            default -> throw new HandshakeException("connection to " + peerName + " refused by the peer: status "
                    + status, status, null);
        }

        ByteBuffer challenge = ByteBuffer.wrap(io.read("challenge"));
        byte tag = challenge.get();
        if (tag != 'N') {
            throw new HandshakeException("peer " + peerName + " answered with an old (version 5) challenge '"
                    + (char) tag + "'; Beamlink needs OTP 25 or newer");
        }
        need(challenge, 8 + 4 + 4 + 2, "challenge");
        long peerFlags = DistFlags.expand(challenge.getLong());
        int peerChallenge = challenge.getInt();
        int peerCreation = challenge.getInt();
        String presented = readName(challenge, "challenge");
        if (!presented.equals(peerName)) {
            throw new HandshakeException("peer at " + socket.getRemoteSocketAddress() + " presented itself as "
                    + presented + " but we dialled " + peerName);
        }
        checkRequired(peerName, peerFlags);

        String cookie = cookieForPeer.apply(peerName);
        int ourChallenge = RANDOM.nextInt();
        ByteBuffer reply = ByteBuffer.allocate(1 + 4 + 16);
        reply.put((byte) 'r').putInt(ourChallenge).put(digest(cookie, peerChallenge));
        io.write(reply.array());

        byte[] ack;
        try {
            ack = io.read("challenge ack");
        } catch (EOFException closed) {
            throw new HandshakeException("connection to " + peerName
                    + " closed by the peer after our challenge reply: the cookies differ", "cookie", closed);
        }
        if (ack.length != 17 || ack[0] != 'a'
                || !MessageDigest.isEqual(Arrays.copyOfRange(ack, 1, 17), digest(cookie, ourChallenge))) {
            throw new HandshakeException("peer " + peerName + " sent a wrong challenge ack: the cookies differ",
                    "cookie", null);
        }
        return new HandshakeResult(peerName, peerFlags, peerCreation, peerFlags & localFlags, true,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Answers a peer that dialled us: we are B. */
    public HandshakeResult accept(Socket socket, Acceptor acceptor) throws IOException {
        long start = System.nanoTime();
        Framed io = new Framed(socket, stepTimeout);
        ByteBuffer nameMessage = ByteBuffer.wrap(io.read("name"));
        byte tag = nameMessage.get();
        long peerFlags;
        int peerCreation = 0;
        boolean oldName = tag == 'n';
        if (tag == 'N') {
            need(nameMessage, 8 + 4 + 2, "name");
            peerFlags = DistFlags.expand(nameMessage.getLong());
            peerCreation = nameMessage.getInt();
        } else if (oldName) {
            need(nameMessage, 2 + 4, "name");
            nameMessage.getShort();
            peerFlags = DistFlags.expand(Integer.toUnsignedLong(nameMessage.getInt()));
        } else {
            throw new HandshakeException("expected a name message ('N' or 'n') from "
                    + socket.getRemoteSocketAddress() + ", got byte " + (tag & 0xFF));
        }
        String peerName = oldName ? utf8(nameMessage, nameMessage.remaining(), "name") : readName(nameMessage, "name");
        if (!NodeNames.isValid(peerName)) {
            throw new HandshakeException("rejected a connection from " + socket.getRemoteSocketAddress()
                    + ": invalid node name '" + peerName + "'");
        }
        if ((peerFlags & DistFlags.NAME_ME) != 0) {
            io.write(statusMessage(HandshakeStatus.NOT_ALLOWED.wire()));
            throw new HandshakeException("rejected " + peerName + ": dynamic node names are not supported");
        }
        long required = oldName ? DistFlags.REQUIRED & 0xFFFFFFFFL : DistFlags.REQUIRED;
        if ((required & ~peerFlags) != 0) {
            io.write(statusMessage(HandshakeStatus.NOT_ALLOWED.wire()));
            throw missingFlags(peerName, required & ~peerFlags);
        }

        HandshakeStatus status = acceptor.statusFor(peerName, peerFlags);
        int ourChallenge = RANDOM.nextInt();
        byte[] name = localName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer challenge = ByteBuffer.allocate(1 + 8 + 4 + 4 + 2 + name.length);
        challenge.put((byte) 'N').putLong(localFlags).putInt(ourChallenge).putInt(localCreation)
                .putShort((short) name.length).put(name);
        switch (status) {
            // The challenge follows an ok at once: one write, so the peer wakes once for both.
            case OK, OK_SIMULTANEOUS -> io.write(statusMessage(status.wire()), challenge.array());
            case ALIVE -> {
                io.write(statusMessage(status.wire()));
                String answer = readStatus(io.read("alive answer"));
                if (!answer.equals("true")) {
                    throw new HandshakeException("peer " + peerName + " is no longer connecting (alive answer "
                            + answer + ")", "alive", null);
                }
                io.write(challenge.array());
            }
            default -> {
                io.write(statusMessage(status.wire()));
                throw new HandshakeException("refused connection from " + peerName + " with status "
                        + status.wire(), status.wire(), null);
            }
        }

        if (oldName) {
            ByteBuffer complement = ByteBuffer.wrap(io.read("complement"));
            if (complement.get() != 'c') {
                throw new HandshakeException("expected the complement message 'c' from " + peerName);
            }
            need(complement, 8, "complement");
            peerFlags |= Integer.toUnsignedLong(complement.getInt()) << 32;
            peerFlags = DistFlags.expand(peerFlags);
            peerCreation = complement.getInt();
            if (DistFlags.missingRequired(peerFlags) != 0) {
                io.write(statusMessage(HandshakeStatus.NOT_ALLOWED.wire()));
                throw missingFlags(peerName, DistFlags.missingRequired(peerFlags));
            }
        }

        ByteBuffer reply = ByteBuffer.wrap(io.read("challenge reply"));
        if (reply.remaining() != 21 || reply.get() != 'r') {
            throw new HandshakeException("expected a challenge reply 'r' of 21 bytes from " + peerName);
        }
        int peerChallenge = reply.getInt();
        byte[] peerDigest = new byte[16];
        reply.get(peerDigest);
        String cookie = cookieForPeer.apply(peerName);
        if (!MessageDigest.isEqual(peerDigest, digest(cookie, ourChallenge))) {
            LOG.error("Connection attempt from node {} rejected. Invalid challenge reply.", peerName);
            throw new HandshakeException("Connection attempt from node " + peerName
                    + " rejected. Invalid challenge reply.", "cookie", null);
        }
        ByteBuffer ack = ByteBuffer.allocate(17);
        ack.put((byte) 'a').put(digest(cookie, peerChallenge));
        io.write(ack.array());
        return new HandshakeResult(peerName, peerFlags, peerCreation, peerFlags & localFlags, false,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** MD5 of the cookie's text followed by the challenge as an unsigned decimal. */
    static byte[] digest(String cookie, int challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(cookie.getBytes(StandardCharsets.ISO_8859_1));
            md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    private static HandshakeException missingFlags(String peerName, long missing) {
        return new HandshakeException("refused " + peerName + ": it lacks the distribution flags "
                + DistFlags.names(missing) + " (Beamlink needs OTP 25 or newer)", "not_allowed", null);
    }

    private static void checkRequired(String peerName, long peerFlags) throws HandshakeException {
        long missing = DistFlags.missingRequired(peerFlags);
        if (missing != 0) {
            throw missingFlags(peerName, missing);
        }
    }

    private static byte[] statusMessage(String status) {
        byte[] text = status.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[1 + text.length];
        message[0] = 's';
        System.arraycopy(text, 0, message, 1, text.length);
        return message;
    }

    private static String readStatus(byte[] message) throws HandshakeException {
        if (message.length < 2 || message[0] != 's') {
            throw new HandshakeException("expected a status message 's', got "
                    + (message.length == 0 ? "an empty message" : "byte " + (message[0] & 0xFF)));
        }
        return new String(message, 1, message.length - 1, StandardCharsets.ISO_8859_1);
    }

    private static String readName(ByteBuffer message, String step) throws HandshakeException {
        need(message, 2, step);
        int length = Short.toUnsignedInt(message.getShort());
        return utf8(message, length, step);
    }

    private static String utf8(ByteBuffer message, int length, String step) throws HandshakeException {
        need(message, length, step);
        byte[] bytes = new byte[length];
        message.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new HandshakeException("node name in the " + step + " message is not valid UTF-8");
        }
    }

    private static void need(ByteBuffer message, int bytes, String step) throws HandshakeException {
        if (message.remaining() < bytes) {
            throw new HandshakeException("truncated " + step + " message: " + message.remaining()
                    + " bytes left where " + bytes + " were needed");
        }
    }

    /** 2-byte length framing over a socket with a per-read timeout. */
    private static final class Framed {
        private final DataInputStream in;
        private final OutputStream out;
        private final Socket socket;

        Framed(Socket socket, Duration stepTimeout) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, stepTimeout.toMillis())));
            InputStream raw = socket.getInputStream();
            this.in = new DataInputStream(raw);
            this.out = socket.getOutputStream();
        }

        byte[] read(String step) throws IOException {
            try {
                // Both length bytes in one read (readUnsignedShort reads them one system call each).
                byte[] prefix = new byte[2];
                in.readFully(prefix);
                int length = (prefix[0] & 0xFF) << 8 | prefix[1] & 0xFF;
                if (length == 0) {
                    throw new HandshakeException("empty " + step + " message from " + socket.getRemoteSocketAddress());
                }
                byte[] message = new byte[length];
                in.readFully(message);
                return message;
            } catch (SocketTimeoutException e) {
                throw new HandshakeException("timed out waiting for the " + step + " message from "
                        + socket.getRemoteSocketAddress(), "timeout", e);
            }
        }

        /** Writes the messages, each with its length, in one system call. */
        void write(byte[]... messages) throws IOException {
            int total = 0;
            for (byte[] message : messages) {
                if (message.length > MAX_MESSAGE) {
                    throw new HandshakeException("handshake message too long: " + message.length + " bytes");
                }
                total += 2 + message.length;
            }
            byte[] framed = new byte[total];
            int at = 0;
            for (byte[] message : messages) {
                framed[at] = (byte) (message.length >>> 8);
                framed[at + 1] = (byte) message.length;
                System.arraycopy(message, 0, framed, at + 2, message.length);
                at += 2 + message.length;
            }
            out.write(framed);
            out.flush();
        }
    }
}
