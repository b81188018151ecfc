package io.beamlink.epmd;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an {@link EpmdDaemon} runs; the options are OTP epmd's.
 *
 * @param port the port to listen on (OTP's {@code -port}); 0 picks a free one, for tests
 * @param addresses where to listen (OTP's {@code -address}); empty means every address, otherwise
 *     these plus 127.0.0.1 and ::1, which are always added as OTP does
 * @param debugLevel OTP's count of {@code -d}: 0 prints errors only, 1 every request, 2 connections
 *     and byte dumps, 3 the name table
 * @param relaxedCommandCheck allow KILL_REQ while nodes are registered, and STOP_REQ
 * @param packetTimeout how long a connection that has not registered may stay idle
 * @param delayAccept a pause before each accept, to simulate a busy server (OTP's test hook)
 * @param delayWrite a pause before each reply, to simulate a busy server (OTP's test hook)
 * @param maxRememberedNames unregistered names kept to give their next registration a new
 *     creation; a new name recycles the oldest when more than this many are kept (OTP: 1000, or
 *     5 with {@code -d})
 * @param maxConnections open connections allowed at once; more are closed at once on accept
 * @param debugOutput where the OTP-format debug lines go (standard error, as OTP's)
 */
public record EpmdConfig(
        int port,
        List<InetAddress> addresses,
        int debugLevel,
        boolean relaxedCommandCheck,
        Duration packetTimeout,
        Duration delayAccept,
        Duration delayWrite,
        int maxRememberedNames,
        int maxConnections,
        PrintStream debugOutput) {

    public static final Duration DEFAULT_PACKET_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_REMEMBERED_NAMES = 1000;
    public static final int DEBUG_MAX_REMEMBERED_NAMES = 5;
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;

    private static final Pattern IPV4_LITERAL =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    public EpmdConfig {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        addresses = List.copyOf(addresses);
        if (debugLevel < 0) {
            throw new IllegalArgumentException("debugLevel must not be negative, not " + debugLevel);
        }
        Objects.requireNonNull(packetTimeout, "packetTimeout");
        if (packetTimeout.isNegative() || packetTimeout.isZero()) {
            throw new IllegalArgumentException("packetTimeout must be positive, not " + packetTimeout);
        }
        requireNotNegative("delayAccept", delayAccept);
        requireNotNegative("delayWrite", delayWrite);
        if (maxRememberedNames < 0) {
            throw new IllegalArgumentException("maxRememberedNames must not be negative, not " + maxRememberedNames);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
        }
        Objects.requireNonNull(debugOutput, "debugOutput");
    }

    /** OTP's defaults: port 4369, every address, no debug output, strict command check. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses OTP's {@code -address} list: numeric IPv4 or IPv6 addresses separated by commas or
     * spaces (no host names, as OTP's epmd).
     *
     * @throws IllegalArgumentException with OTP's text, {@code cannot parse IP address "x"}
     */
    public static List<InetAddress> parseAddresses(String list) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String token : list.split("[, ]+")) {
            if (!token.isEmpty()) {
                addresses.add(parseAddress(token));
            }
        }
        return addresses;
    }

    private static InetAddress parseAddress(String token) {
        boolean ipv4 = IPV4_LITERAL.matcher(token).matches();
        boolean ipv6 = token.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(token).matches();
        if (ipv4 || ipv6) {
            try {
                // A literal never leads to a name lookup.
                return InetAddress.getByName(token);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("cannot parse IP address \"" + token + "\"");
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }

    /** Builds an {@link EpmdConfig}; every setting starts at OTP's default. */
    public static final class Builder {
        private int port = EpmdWire.DEFAULT_PORT;
        private List<InetAddress> addresses = List.of();
        private int debugLevel;
        private boolean relaxedCommandCheck;
        private Duration packetTimeout = DEFAULT_PACKET_TIMEOUT;
        private Duration delayAccept = Duration.ZERO;
        private Duration delayWrite = Duration.ZERO;
        private Integer maxRememberedNames;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private PrintStream debugOutput = System.err;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder addresses(List<InetAddress> addresses) {
            this.addresses = List.copyOf(addresses);
            return this;
        }

        public Builder debugLevel(int debugLevel) {
            this.debugLevel = debugLevel;
            return this;
        }

        public Builder relaxedCommandCheck(boolean relaxedCommandCheck) {
            this.relaxedCommandCheck = relaxedCommandCheck;
            return this;
        }

        public Builder packetTimeout(Duration packetTimeout) {
            this.packetTimeout = packetTimeout;
            return this;
        }

        public Builder delayAccept(Duration delayAccept) {
            this.delayAccept = delayAccept;
            return this;
        }

        public Builder delayWrite(Duration delayWrite) {
            this.delayWrite = delayWrite;
            return this;
        }

        /** Overrides OTP's 1000 (5 when debugging). */
        public Builder maxRememberedNames(int maxRememberedNames) {
            this.maxRememberedNames = maxRememberedNames;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder debugOutput(PrintStream debugOutput) {
            this.debugOutput = debugOutput;
            return this;
        }

        public EpmdConfig build() {
            int remembered = maxRememberedNames != null
                    ? maxRememberedNames
                    : debugLevel > 0 ? DEBUG_MAX_REMEMBERED_NAMES : DEFAULT_MAX_REMEMBERED_NAMES;
            return new EpmdConfig(port, addresses, debugLevel, relaxedCommandCheck, packetTimeout, delayAccept,
                    delayWrite, remembered, maxConnections, debugOutput);
        }
    }
}
