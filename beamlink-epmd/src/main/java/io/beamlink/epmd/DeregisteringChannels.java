package io.beamlink.epmd;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections whose client has closed its end, waiting for the selector to drop their cancelled
 * keys before they are closed. The JDK closes a channel a selector still holds by asking for
 * SO_LINGER and shutting the socket down, two system calls, and closes it for real only at the
 * next select; a channel closed after that select costs one. A select drops every key cancelled
 * before it starts, so the channels handed over before a select are closed after it returns.
 * Only the daemon's thread uses it.
 */
final class DeregisteringChannels {
    private static final Logger LOG = LoggerFactory.getLogger(DeregisteringChannels.class);

    /** Handed over since the last select began. */
    private ArrayList<SocketChannel> cancelled = new ArrayList<>();
    /** Handed over before the select under way began: its keys are dropped when it returns. */
    private ArrayList<SocketChannel> dropping = new ArrayList<>();

    /** Closes {@code channel} once a select has dropped its key, which must be cancelled already. */
    void add(SocketChannel channel) {
        cancelled.add(channel);
    }

    /** Call right before each select. */
    void selectStarts() {
        ArrayList<SocketChannel> emptied = dropping;
        dropping = cancelled;
        cancelled = emptied;
    }

    /** Call right after each select: closes the channels whose keys it dropped. */
    void selectReturned() {
        closeAll(dropping);
    }

    /** Closes every channel still waiting, when the daemon stops. */
    void closeAll() {
        closeAll(dropping);
        closeAll(cancelled);
    }

    private static void closeAll(ArrayList<SocketChannel> channels) {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing an epmd connection failed", e);
            }
        }
        channels.clear();
    }
}
