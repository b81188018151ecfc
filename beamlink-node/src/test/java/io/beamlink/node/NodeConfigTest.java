package io.beamlink.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.dist.ConnectionSettings;
import io.beamlink.dist.ConnectionSettings.ReaderThread;
import org.junit.jupiter.api.Test;

/** The builder's tick intensity and connection settings do not undo each other, in either order. */
class NodeConfigTest {
    private static final ConnectionSettings VIRTUAL = ConnectionSettings.DEFAULTS.withReaderThread(ReaderThread.VIRTUAL);

    @Test
    void aTickIntensitySurvivesConnectionSettingsSetAfterIt() {
        NodeConfig config = NodeConfig.builder().tickIntensity(8).connection(VIRTUAL).build();
        assertThat(config.connection()).isEqualTo(VIRTUAL.withTickIntensity(8));
    }

    @Test
    void connectionSettingsSetAfterATickIntensityKeepTheirOtherValues() {
        NodeConfig config = NodeConfig.builder().connection(VIRTUAL).tickIntensity(8).build();
        assertThat(config.connection()).isEqualTo(VIRTUAL.withTickIntensity(8));
    }

    @Test
    void withoutATickIntensityTheConnectionSettingsKeepTheirs() {
        ConnectionSettings six = VIRTUAL.withTickIntensity(6);
        assertThat(NodeConfig.builder().connection(six).build().connection()).isEqualTo(six);
    }
}
