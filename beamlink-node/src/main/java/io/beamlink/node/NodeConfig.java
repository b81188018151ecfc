package io.beamlink.node;

import io.beamlink.dist.ConnectionSettings;
import io.beamlink.dist.TcpOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node runs: its name, cookie, epmd, listen ports, ticks and limits. Immutable; build it
 * with {@link #builder()}, {@link #shortName(String)} or {@link #longName(String)}. Names follow
 * OTP's kernel parameters where one exists ({@code inet_dist_listen_min}, {@code net_ticktime}).
 *
 * @param name the node name, or empty for a node without distribution ({@code nonode@nohost})
 * @param cookie the cookie; empty means read (or create) {@link #cookieFile()}
 * @param cookieFile where to find the cookie when none is given ({@code ~/.erlang.cookie})
 * @param epmdHost where epmd runs
 * @param epmdPort epmd's port ({@code ERL_EPMD_PORT}, default 4369)
 * @param embeddedEpmd start an epmd inside this JVM when none answers on the port, as erl starts one
 * @param staticPort without epmd: listen on this port and reach every peer on it (0 = use epmd)
 * @param listenMin lowest listen port ({@code inet_dist_listen_min}; 0 with listenMax 0 = any free port)
 * @param listenMax highest listen port ({@code inet_dist_listen_max})
 * @param listenAddress the address the distribution listener binds
 * @param hidden connect as a hidden node (no DFLAG_PUBLISHED)
 * @param netTickTime {@code net_ticktime}: about how long a silent peer lives
 * @param autoConnect {@code dist_auto_connect}
 * @param setupTimeout {@code net_setuptime}: the longest wait for each connection setup step
 * @param connection per-connection settings (tick intensity, size limits, reader thread, lazy write delay)
 * @param tcp the TCP options of distribution sockets ({@code inet_dist_connect_options}, {@code inet_dist_listen_options})
 */
public record NodeConfig(Optional<NodeName> name, Optional<String> cookie, Path cookieFile, String epmdHost,
        int epmdPort, boolean embeddedEpmd, int staticPort, int listenMin, int listenMax, InetAddress listenAddress,
        boolean hidden, Duration netTickTime, AutoConnect autoConnect, Duration setupTimeout,
        ConnectionSettings connection, TcpOptions tcp) {

    public static final int DEFAULT_EPMD_PORT = 4369;

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(cookieFile, "cookieFile");
        Objects.requireNonNull(epmdHost, "epmdHost");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(netTickTime, "netTickTime");
        Objects.requireNonNull(autoConnect, "autoConnect");
        Objects.requireNonNull(setupTimeout, "setupTimeout");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tcp, "tcp");
        checkPort("epmd port", epmdPort, false);
        checkPort("static port", staticPort, true);
        checkPort("inet_dist_listen_min", listenMin, true);
        checkPort("inet_dist_listen_max", listenMax, true);
        if (listenMax < listenMin) {
            throw new IllegalArgumentException("inet_dist_listen_max (" + listenMax + ") is below inet_dist_listen_min ("
                    + listenMin + ")");
        }
        if (netTickTime.toMillis() < 100) {
            throw new IllegalArgumentException("net_ticktime must be at least 100 ms, got " + netTickTime);
        }
        if (setupTimeout.isNegative() || setupTimeout.isZero()) {
            throw new IllegalArgumentException("net_setuptime must be positive");
        }
        cookie.ifPresent(NodeConfig::checkCookie);
    }

    private static void checkPort(String what, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(what + " out of range: " + port);
        }
    }

    static void checkCookie(String cookie) {
        if (cookie.isEmpty() || cookie.length() > 255) {
            throw new IllegalArgumentException("a cookie has 1..255 characters");
        }
        for (int i = 0; i < cookie.length(); i++) {
            if (cookie.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("a cookie has Latin-1 characters only");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A node with a short name ({@code -sname}). */
    public static Builder shortName(String name) {
        return builder().name(NodeName.shortName(name));
    }

    /** A node with a long name ({@code -name}). */
    public static Builder longName(String name) {
        return builder().name(NodeName.longName(name));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name.orElse(null);
        b.cookie = cookie.orElse(null);
        b.cookieFile = cookieFile;
        b.epmdHost = epmdHost;
        b.epmdPort = epmdPort;
        b.embeddedEpmd = embeddedEpmd;
        b.staticPort = staticPort;
        b.listenMin = listenMin;
        b.listenMax = listenMax;
        b.listenAddress = listenAddress;
        b.hidden = hidden;
        b.netTickTime = netTickTime;
        b.autoConnect = autoConnect;
        b.setupTimeout = setupTimeout;
        b.connection = connection;
        b.tcp = tcp;
        return b;
    }

    /** Builds a {@link NodeConfig}; defaults are OTP's. */
    public static final class Builder {
        private NodeName name;
        private String cookie;
        private Path cookieFile = Cookies.defaultFile();
        private String epmdHost = "127.0.0.1";
        private int epmdPort = defaultEpmdPort();
        private boolean embeddedEpmd = true;
        private int staticPort;
        private int listenMin;
        private int listenMax;
        private InetAddress listenAddress = anyAddress();
        private boolean hidden;
        private Duration netTickTime = Duration.ofSeconds(60);
        private AutoConnect autoConnect = AutoConnect.ALWAYS;
        private Duration setupTimeout = Duration.ofSeconds(7);
        private ConnectionSettings connection = ConnectionSettings.DEFAULTS;
        /** Set by {@link #tickIntensity}; at build, wins over the intensity of {@link #connection}. */
        private Integer tickIntensity;
        private TcpOptions tcp = TcpOptions.DEFAULTS;

        private Builder() {
        }

        private static int defaultEpmdPort() {
            String env = System.getenv("ERL_EPMD_PORT");
            if (env == null || env.isBlank()) {
                return DEFAULT_EPMD_PORT;
            }
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ERL_EPMD_PORT is not a port number: " + env);
            }
        }

        private static InetAddress anyAddress() {
            try {
                return InetAddress.getByAddress(new byte[4]);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        public Builder name(NodeName name) {
            this.name = name;
            return this;
        }

        public Builder cookie(String cookie) {
            this.cookie = cookie;
            return this;
        }

        public Builder cookieFile(Path cookieFile) {
            this.cookieFile = cookieFile;
            return this;
        }

        public Builder epmd(String host, int port) {
            this.epmdHost = host;
            this.epmdPort = port;
            return this;
        }

        public Builder epmdPort(int port) {
            this.epmdPort = port;
            return this;
        }

        public Builder embeddedEpmd(boolean embeddedEpmd) {
            this.embeddedEpmd = embeddedEpmd;
            return this;
        }

        /** Runs without epmd: listens on {@code port} and expects every peer on the same port. */
        public Builder staticPort(int port) {
            this.staticPort = port;
            return this;
        }

        public Builder listenPortRange(int min, int max) {
            this.listenMin = min;
            this.listenMax = max;
            return this;
        }

        public Builder listenAddress(InetAddress address) {
            this.listenAddress = address;
            return this;
        }

        public Builder hidden(boolean hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder netTickTime(Duration netTickTime) {
            this.netTickTime = netTickTime;
            return this;
        }

        /** {@code net_tickintensity}; kept when {@link #connection} is set after it. */
        public Builder tickIntensity(int intensity) {
            this.tickIntensity = intensity;
            return this;
        }

        public Builder autoConnect(AutoConnect autoConnect) {
            this.autoConnect = autoConnect;
            return this;
        }

        public Builder setupTimeout(Duration setupTimeout) {
            this.setupTimeout = setupTimeout;
            return this;
        }

        public Builder connection(ConnectionSettings connection) {
            this.connection = connection;
            return this;
        }

        public Builder tcp(TcpOptions tcp) {
            this.tcp = tcp;
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(Optional.ofNullable(name), Optional.ofNullable(cookie), cookieFile, epmdHost, epmdPort,
                    embeddedEpmd, staticPort, listenMin, listenMax, listenAddress, hidden, netTickTime, autoConnect,
                    setupTimeout, tickIntensity == null ? connection : connection.withTickIntensity(tickIntensity), tcp);
        }
    }
}
