package io.beamlink.node;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.epmd.EpmdException;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.epmd.EpmdUnreachableException;
import io.beamlink.epmd.NodeAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's tie to epmd: its registration (which gives the node its creation) and the port
 * look-ups for peers. Without epmd (a static port) the creation is random and every peer is
 * expected on the same port.
 */
final class EpmdLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpmdLink.class);
    /** Embedded daemons by port; they outlive the nodes that started them, as OTP's epmd does. */
    private static final Map<Integer, EpmdDaemon> EMBEDDED = new ConcurrentHashMap<>();

    private final EpmdRegistration registration;
    private final int creation;

    private EpmdLink(EpmdRegistration registration, int creation) {
        this.registration = registration;
        this.creation = creation;
    }

    static EpmdLink register(NodeConfig config, NodeName name, int listenPort) throws IOException {
        if (config.staticPort() > 0) {
            return new EpmdLink(null, randomCreation());
        }
        EpmdClient client = EpmdClient.of(config.epmdHost(), config.epmdPort()).withTimeout(config.setupTimeout());
        EpmdRegistration registration;
        try {
            registration = client.register(name.alive(), listenPort);
        } catch (EpmdUnreachableException e) {
            if (!config.embeddedEpmd() || !isLocal(config.epmdHost())) {
                throw new EpmdUnreachableException("no epmd answers on " + config.epmdHost() + ":" + config.epmdPort()
                        + " (" + e.getMessage() + "); start one with `beamlink epmd -port " + config.epmdPort()
                        + "` or `epmd -daemon`, or allow the embedded epmd", e);
            }
            startEmbedded(config.epmdPort());
            registration = client.register(name.alive(), listenPort);
        } catch (EpmdException e) {
            throw new EpmdException("cannot register " + name + " with epmd on " + config.epmdHost() + ":"
                    + config.epmdPort() + ": " + e.getMessage() + " (is another node named " + name.alive()
                    + " running on this host?)", e);
        }
        return new EpmdLink(registration, registration.creation());
    }

    private static void startEmbedded(int port) throws IOException {
        synchronized (EMBEDDED) {
            if (EMBEDDED.containsKey(port)) {
                return;
            }
            LOG.info("no epmd on port {}; starting an embedded one", port);
            EMBEDDED.put(port, EpmdDaemon.start(EpmdConfig.builder().port(port).build()));
        }
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static int randomCreation() {
        return 4 + new SecureRandom().nextInt(Integer.MAX_VALUE - 4);
    }

    int creation() {
        return creation;
    }

    Optional<EpmdRegistration> registration() {
        return Optional.ofNullable(registration);
    }

    /** Where to dial a peer: its host, and the port epmd gives for it (or the static port). */
    InetSocketAddress resolve(NodeName peer, NodeConfig config) throws IOException {
        if (config.staticPort() > 0) {
            return new InetSocketAddress(peer.host(), config.staticPort());
        }
        Optional<NodeAddress> address = EpmdClient.of(peer.host(), config.epmdPort())
                .withTimeout(config.setupTimeout()).lookup(peer.alive());
        if (address.isEmpty()) {
            throw new IOException("node " + peer + " is not registered with epmd on " + peer.host() + ":"
                    + config.epmdPort());
        }
        if (address.get().highestVersion() < 6) {
            throw new IOException("node " + peer + " speaks distribution version " + address.get().highestVersion()
                    + " only; Beamlink needs 6 (OTP 25 or newer)");
        }
        return new InetSocketAddress(peer.host(), address.get().port());
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
    }
}
