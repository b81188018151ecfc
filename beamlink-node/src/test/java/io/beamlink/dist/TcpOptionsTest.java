package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** TCP options reach the sockets; bad sizes are refused with a clear error. */
class TcpOptionsTest {
    @Test
    void theOptionsAreSetOnASocketAndTheListener() throws Exception {
        // Under Linux's default caps (net.core.wmem_max and rmem_max, 212,992 bytes), which a
        // larger request would be cut to (the kernel then doubles what it keeps).
        TcpOptions options = new TcpOptions(false, true, 64 * 1024, 96 * 1024);
        try (Socket socket = new Socket(); ServerSocket listener = new ServerSocket()) {
            options.applyTo(socket);
            options.applyTo(listener);
            assertThat(socket.getTcpNoDelay()).isFalse();
            assertThat(socket.getKeepAlive()).isTrue();
            assertThat(socket.getSendBufferSize()).isGreaterThanOrEqualTo(64 * 1024);
            assertThat(socket.getReceiveBufferSize()).isGreaterThanOrEqualTo(96 * 1024);
            assertThat(listener.getReceiveBufferSize()).isGreaterThanOrEqualTo(96 * 1024);
        }
    }

    @Test
    void theDefaultsAreErlsAndLeaveTheBufferSizesToTheSystem() throws Exception {
        try (Socket plain = new Socket(); Socket configured = new Socket()) {
            TcpOptions.DEFAULTS.applyTo(configured);
            assertThat(configured.getTcpNoDelay()).isTrue();
            assertThat(configured.getKeepAlive()).isFalse();
            assertThat(configured.getSendBufferSize()).isEqualTo(plain.getSendBufferSize());
            assertThat(configured.getReceiveBufferSize()).isEqualTo(plain.getReceiveBufferSize());
        }
    }

    @Test
    void negativeBufferSizesAreRefused() {
        assertThatThrownBy(() -> new TcpOptions(true, false, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TCP buffer sizes");
    }
}
