package io.beamlink.epmd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Talks to one epmd (OTP's or Beamlink's) at a host and port. Each request opens its own
 * connection, as the protocol wants; a registration keeps its connection for as long as the
 * node stays registered. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * try (EpmdRegistration registration = EpmdClient.localDefault().register("app", 50785)) {
 *     Optional<NodeAddress> peer = EpmdClient.of("127.0.0.1", 4369).lookup("other");
 * }
 * }</pre>
 */
public final class EpmdClient {
    /** The port epmd listens on unless told otherwise. */
    public static final int DEFAULT_PORT = EpmdWire.DEFAULT_PORT;
    /** The environment variable OTP reads the epmd port from. */
    public static final String PORT_VARIABLE = "ERL_EPMD_PORT";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** NAMES and DUMP replies larger than this are refused (10,000 names take about 300 KB). */
    private static final int MAX_LISTING_BYTES = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    private EpmdClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** A client of the epmd on {@code host} (a name or an address literal) and {@code port}. */
    public static EpmdClient of(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("epmd port " + port + " is outside 1..65535");
        }
        return new EpmdClient(host, port, DEFAULT_TIMEOUT);
    }

    /** A client of the epmd on 127.0.0.1 at {@link #defaultPort()}, where a local node registers. */
    public static EpmdClient localDefault() {
        return of("127.0.0.1", defaultPort());
    }

    /** The port from {@code ERL_EPMD_PORT}, or 4369 when it is not set. */
    public static int defaultPort() {
        return portFromVariable(System.getenv(PORT_VARIABLE));
    }

    /** Reads a value of {@code ERL_EPMD_PORT}; null or blank means 4369. */
    static int portFromVariable(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 0xffff) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(PORT_VARIABLE + "=" + value + " is not a port number (1..65535)");
    }

    /** The same epmd with another limit on connecting and on waiting for each reply (default 5 s). */
    public EpmdClient withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return new EpmdClient(host, port, timeout);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * Registers a normal node speaking distribution version 6 (type 77, protocol 0, versions
     * 6..6), as OTP 25+ does.
     *
     * @throws EpmdRegistrationRefusedException when the name is taken (or epmd finds it invalid)
     * @throws EpmdUnreachableException when nothing listens on the epmd port
     */
    public EpmdRegistration register(String alive, int port) throws IOException {
        return register(NodeRegistrationRequest.of(alive, port));
    }

    /**
     * Sends ALIVE2_REQ and, when epmd accepts, returns the registration with its connection
     * still open: the node stays registered until {@link EpmdRegistration#close()}.
     *
     * @throws EpmdRegistrationRefusedException when the name is taken (or epmd finds it invalid)
     * @throws EpmdUnreachableException when nothing listens on the epmd port
     */
    public EpmdRegistration register(NodeRegistrationRequest request) throws IOException {
        Socket socket = connect();
        try {
            byte[] alive2 = ClientRequests.alive2(request);
            send(socket, alive2, "ALIVE2_REQ");
            ReplyReader reply = new ReplyReader(socket, endpoint(), "ALIVE2_REQ", timeout);
            int replyBytes;
            int tag = reply.readByteOrEnd();
            int result;
            long creation;
            if (tag == (EpmdWire.ALIVE2_X_RESP & 0xff)) {
                byte[] body = reply.readExactly(5, "ALIVE2_X_RESP");
                replyBytes = 6;
                result = body[0] & 0xff;
                creation = ((body[1] & 0xffL) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
            } else if (tag == (EpmdWire.ALIVE2_RESP & 0xff)) {
                byte[] body = reply.readExactly(3, "ALIVE2_RESP");
                replyBytes = 4;
                result = body[0] & 0xff;
                creation = ((body[1] & 0xff) << 8) | (body[2] & 0xff);
            } else if (tag < 0) {
                throw reply.malformed("closed the connection without answering (is it an epmd? a non-local address"
                        + " may not register)", 0);
            } else {
                throw reply.malformed("sent " + tag + " where ALIVE2_X_RESP (118) or ALIVE2_RESP (121) belongs", 0);
            }
            if (result != 0) {
                throw new EpmdRegistrationRefusedException("epmd on " + endpoint() + " refused to register \""
                        + request.alive() + "\" (result " + result + "): a live node has that name already, or epmd"
                        + " finds the name invalid; `epmd -port " + port + " -names` lists the registered names", result);
            }
            socket.setSoTimeout(0);
            return new EpmdRegistration(socket, request.alive(), (int) creation, endpoint(), alive2.length, replyBytes);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The port and versions of the node registered as {@code alive}, or empty when none is. */
    public Optional<NodeAddress> lookup(String alive) throws IOException {
        Objects.requireNonNull(alive, "alive");
        try (Socket socket = connect()) {
            send(socket, ClientRequests.portPlease2(alive), "PORT_PLEASE2_REQ");
            ReplyReader reply = new ReplyReader(socket, endpoint(), "PORT_PLEASE2_REQ", timeout);
            int tag = reply.readByteOrEnd();
            if (tag < 0) {
                throw reply.malformed("closed the connection without answering (the name may be malformed)", 0);
            }
            if (tag != (EpmdWire.PORT2_RESP & 0xff)) {
                throw reply.malformed("sent " + tag + " where PORT2_RESP (119) belongs", 0);
            }
            int result = reply.readExactly(1, "the PORT2_RESP result")[0] & 0xff;
            if (result != 0) {
                return Optional.empty();
            }
            byte[] fixed = reply.readExactly(8, "the PORT2_RESP port, type, protocol and versions");
            int nodePort = (fixed[0] & 0xff) << 8 | (fixed[1] & 0xff);
            int nodeType = fixed[2] & 0xff;
            int protocol = fixed[3] & 0xff;
            int highest = (fixed[4] & 0xff) << 8 | (fixed[5] & 0xff);
            int lowest = (fixed[6] & 0xff) << 8 | (fixed[7] & 0xff);
            int nameLength = reply.readUnsignedShort("the PORT2_RESP name length");
            reply.readExactly(nameLength, "the PORT2_RESP name");
            int extraLength = reply.readUnsignedShort("the PORT2_RESP extra length");
            byte[] extra = reply.readExactly(extraLength, "the PORT2_RESP extra data");
            return Optional.of(new NodeAddress(nodePort, nodeType, protocol, highest, lowest, extra));
        }
    }

    /** The registered nodes, as NAMES_REQ reports them (newest registration first). */
    public List<NameEntry> names() throws IOException {
        EpmdListing listing = namesListing();
        List<NameEntry> entries = new ArrayList<>();
        for (String line : new String(listing.text(), StandardCharsets.UTF_8).split("\n")) {
            NameEntry entry = parseNameLine(line);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The NAMES reply as sent, for tools that print it. */
    public EpmdListing namesListing() throws IOException {
        return listing(EpmdWire.NAMES_REQ, "NAMES_REQ");
    }

    /** The DUMP reply as sent: active and remembered names with their ports and descriptors. */
    public EpmdListing dump() throws IOException {
        return listing(EpmdWire.DUMP_REQ, "DUMP_REQ");
    }

    /**
     * Asks epmd to exit. Returns true when it agreed ({@code OK}), false when it refused
     * ({@code NO}: nodes are registered and it runs without relaxed command check).
     *
     * @throws EpmdReplyException with the bytes received for any other answer
     */
    public boolean kill() throws IOException {
        try (Socket socket = connect()) {
            send(socket, ClientRequests.codeOnly(EpmdWire.KILL_REQ), "KILL_REQ");
            ReplyReader reply = new ReplyReader(socket, endpoint(), "KILL_REQ", timeout);
            String answer = readUpTo(reply, 2);
            return switch (answer) {
                case "OK" -> true;
                case "NO" -> false;
                default -> throw reply.malformed("answered \"" + answer + "\" where OK or NO belongs", 0);
            };
        }
    }

    /**
     * Unregisters {@code alive} by force, closing its registration connection. epmd honours
     * this only when started with relaxed command check; otherwise it closes without a word.
     *
     * @throws EpmdReplyException with the bytes received when epmd does not answer STOPPED or NOEXIST
     */
    public StopOutcome stop(String alive) throws IOException {
        Objects.requireNonNull(alive, "alive");
        try (Socket socket = connect()) {
            send(socket, ClientRequests.stop(alive), "STOP_REQ");
            ReplyReader reply = new ReplyReader(socket, endpoint(), "STOP_REQ", timeout);
            String answer = readUpTo(reply, 7);
            return switch (answer) {
                case "STOPPED" -> StopOutcome.STOPPED;
                case "NOEXIST" -> StopOutcome.NOT_REGISTERED;
                default -> throw reply.malformed("answered \"" + answer + "\" where STOPPED or NOEXIST belongs"
                        + (answer.isEmpty() ? " (epmd allows STOP only with -relaxed_command_check)" : ""), 0);
            };
        }
    }

    @Override
    public String toString() {
        return "EpmdClient[" + endpoint() + "]";
    }

    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Parses {@code name N at port P} as OTP's erl_epmd does; other lines give null. */
    static NameEntry parseNameLine(String line) {
        String marker = " at port ";
        int at = line.lastIndexOf(marker);
        if (!line.startsWith("name ") || at < "name ".length()) {
            return null;
        }
        String digits = line.substring(at + marker.length()).trim();
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new NameEntry(line.substring("name ".length(), at), Integer.parseInt(digits));
    }

    private EpmdListing listing(byte code, String requestName) throws IOException {
        try (Socket socket = connect()) {
            send(socket, ClientRequests.codeOnly(code), requestName);
            ReplyReader reply = new ReplyReader(socket, endpoint(), requestName, timeout);
            byte[] portBytes = reply.readExactly(4, "the port epmd listens on");
            int epmdPort = ((portBytes[0] & 0xff) << 24) | ((portBytes[1] & 0xff) << 16) | ((portBytes[2] & 0xff) << 8)
                    | (portBytes[3] & 0xff);
            return new EpmdListing(epmdPort, reply.readToEnd(MAX_LISTING_BYTES));
        }
    }

    private static String readUpTo(ReplyReader reply, int count) throws IOException {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int b = reply.readByteOrEnd();
            if (b < 0) {
                break;
            }
            answer.append((char) b);
        }
        return answer.toString();
    }

    private void send(Socket socket, byte[] frame, String requestName) throws EpmdException {
        try {
            socket.getOutputStream().write(frame);
        } catch (IOException e) {
            throw new EpmdException("sending " + requestName + " to epmd on " + endpoint() + " failed: " + e.getMessage(), e);
        }
    }

    private Socket connect() throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new EpmdException("cannot resolve epmd host " + host + ": " + e.getMessage(), e);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return socket;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new EpmdException("epmd on " + endpoint() + " did not accept a connection within " + describe(timeout), e);
        } catch (SocketException e) {
            // Refused, or no route to the address (such as ::1 on a host without IPv6).
            closeQuietly(socket);
            throw new EpmdUnreachableException("no epmd answers on " + endpoint() + " (" + lowerCase(e.getMessage())
                    + "); start one with `beamlink epmd -port " + port + "` or `epmd -daemon -port " + port + "`", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new EpmdException("cannot connect to epmd on " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    private String endpoint() {
        return EpmdEndpoint.format(host, port);
    }

    private static String lowerCase(String message) {
        return message == null ? "connection refused" : message.toLowerCase(java.util.Locale.ROOT);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more can be done with a socket that fails to close
        }
    }
}
