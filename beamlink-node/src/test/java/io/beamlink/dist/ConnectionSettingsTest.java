package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings out of range are refused with a message that names them; each wither keeps the rest. */
class ConnectionSettingsTest {
    private static final ConnectionSettings D = ConnectionSettings.DEFAULTS;

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new ConnectionSettings(3, D.maxMessageSize(), D.fragmentSize(), D.maxPendingBytes(),
                D.maxDepth(), D.readerThread()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("net_tickintensity");
        assertThatThrownBy(() -> new ConnectionSettings(1001, D.maxMessageSize(), D.fragmentSize(),
                D.maxPendingBytes(), D.maxDepth(), D.readerThread()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("net_tickintensity");
        assertThatThrownBy(() -> new ConnectionSettings(4, D.maxMessageSize(), 4096, 1024, D.maxDepth(),
                D.readerThread()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        assertThatThrownBy(() -> new ConnectionSettings(4, D.maxMessageSize(), D.fragmentSize(), D.maxPendingBytes(),
                D.maxDepth(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("readerThread");
        assertThatThrownBy(() -> D.withLazyWriteDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lazyWriteDelay");
        assertThatThrownBy(() -> D.withLazyWriteDelay(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("lazyWriteDelay");
    }

    @Test
    void eachWitherChangesOnlyItsSetting() {
        ConnectionSettings other = D.withLazyWriteDelay(Duration.ZERO);
        assertThat(other.withReaderThread(ConnectionSettings.ReaderThread.VIRTUAL))
                .isEqualTo(new ConnectionSettings(D.tickIntensity(), D.maxMessageSize(), D.fragmentSize(),
                        D.maxPendingBytes(), D.maxDepth(), ConnectionSettings.ReaderThread.VIRTUAL, Duration.ZERO));
        assertThat(other.withTickIntensity(8))
                .isEqualTo(new ConnectionSettings(8, D.maxMessageSize(), D.fragmentSize(), D.maxPendingBytes(),
                        D.maxDepth(), D.readerThread(), Duration.ZERO));
        assertThat(D.lazyWriteDelay()).isEqualTo(ConnectionSettings.DEFAULT_LAZY_WRITE_DELAY);
    }
}
