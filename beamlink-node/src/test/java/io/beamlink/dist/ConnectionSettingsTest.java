package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings out of range are refused with a message that names them; the wither keeps the rest. */
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
    }

    @Test
    void withReaderThreadChangesOnlyTheReaderThread() {
        assertThat(D.withReaderThread(ConnectionSettings.ReaderThread.VIRTUAL))
                .isEqualTo(new ConnectionSettings(D.tickIntensity(), D.maxMessageSize(), D.fragmentSize(),
                        D.maxPendingBytes(), D.maxDepth(), ConnectionSettings.ReaderThread.VIRTUAL));
    }
}
