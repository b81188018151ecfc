package io.beamlink.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Long-lived peers for one test class: one epmd on a free port and at most one peer per OTP
 * release, started on first use and stopped after the last test of the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OtpPeers PEERS = OtpPeers.create();
 *
 * @ParameterizedTest
 * @MethodSource("io.beamlink.testkit.OtpRelease#available")
 * void talksTo(OtpRelease release) {
 *     OtpPeer peer = PEERS.peer(release);   // same peer for every test of the class
 *     ...
 * }
 * }</pre>
 *
 * The epmd is the host's, which every release's peers can use: root filesystems share the
 * host's loopback network.
 */
public final class OtpPeers implements AfterAllCallback, AutoCloseable {

    private final Consumer<OtpPeer.Builder> configuration;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<OtpRelease, OtpPeer> peers = new LinkedHashMap<>();
    private OtpEpmd epmd;

    private OtpPeers(Consumer<OtpPeer.Builder> configuration) {
        this.configuration = configuration;
    }

    /** Peers with the builder's defaults (random short names, cookie {@code beamlink-test}). */
    public static OtpPeers create() {
        return configured(builder -> { });
    }

    /**
     * Peers set up by {@code configuration} (cookie, arguments, {@code elixir()}...), applied
     * to each peer's builder before its release and epmd port are set. Names given here are
     * shared by all releases, so give none if the class uses more than one release.
     */
    public static OtpPeers configured(Consumer<OtpPeer.Builder> configuration) {
        return new OtpPeers(configuration);
    }

    /** The peer of the host's OTP. */
    public OtpPeer peer() {
        return peer(OtpRelease.host());
    }

    /** The peer of {@code release}, started on first use (and again if it was closed or killed). */
    public OtpPeer peer(OtpRelease release) {
        lock.lock();
        try {
            OtpPeer existing = peers.get(release);
            if (existing != null && existing.isAlive()) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            OtpPeer.Builder builder = OtpPeer.builder();
            configuration.accept(builder);
            OtpPeer started = builder.release(release).epmdPort(epmdPort()).start();
            peers.put(release, started);
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** The port of the epmd the peers register with, started on first use; Java nodes under test use it too. */
    public int epmdPort() {
        lock.lock();
        try {
            if (epmd == null) {
                epmd = OtpEpmd.start(OtpRelease.host(), FreePort.find());
            }
            return epmd.port();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Stops every peer, then epmd. The next use starts them again. */
    @Override
    public void close() {
        lock.lock();
        try {
            List<RuntimeException> failures = new ArrayList<>();
            for (OtpPeer peer : peers.values()) {
                try {
                    peer.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            peers.clear();
            if (epmd != null) {
                epmd.close();
                epmd = null;
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.getFirst();
                failures.stream().skip(1).forEach(first::addSuppressed);
                throw first;
            }
        } finally {
            lock.unlock();
        }
    }
}
