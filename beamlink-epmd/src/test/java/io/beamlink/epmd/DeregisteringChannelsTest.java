package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class DeregisteringChannelsTest {

    @Test
    void aChannelClosesOnlyAfterASelectThatBeganAfterItsKeyWasCancelled() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Selector selector = Selector.open();
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            accepted.configureBlocking(false);
            SelectionKey key = accepted.register(selector, SelectionKey.OP_READ);
            DeregisteringChannels channels = new DeregisteringChannels();
            channels.selectStarts(); // a select under way when the key is cancelled
            key.cancel();
            channels.add(accepted);
            channels.selectReturned();
            assertThat(accepted.isOpen()).as("that select may not have dropped the key").isTrue();

            channels.selectStarts();
            selector.selectNow();
            assertThat(accepted.isRegistered()).isFalse();
            channels.selectReturned();
            assertThat(accepted.isOpen()).isFalse();
        }
    }

    @Test
    void closeAllClosesEveryChannelStillWaiting() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel firstClient = SocketChannel.open(server.getLocalAddress());
                SocketChannel first = server.accept();
                SocketChannel secondClient = SocketChannel.open(server.getLocalAddress());
                SocketChannel second = server.accept()) {
            DeregisteringChannels channels = new DeregisteringChannels();
            channels.add(first);
            channels.selectStarts();
            channels.add(second);
            channels.closeAll();
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isFalse();
        }
    }
}
