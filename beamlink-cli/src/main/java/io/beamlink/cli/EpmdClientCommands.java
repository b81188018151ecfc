package io.beamlink.cli;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdListing;
import io.beamlink.epmd.EpmdReplyException;
import io.beamlink.epmd.EpmdUnreachableException;
import io.beamlink.epmd.StopOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * OTP epmd's client commands ({@code -names}, {@code -started}, {@code -dump}, {@code -kill},
 * {@code -stop}) with OTP's output and exit statuses: they reach the local epmd over IPv6
 * loopback first, then IPv4, and print what it answered byte for byte.
 */
final class EpmdClientCommands {
    /** OTP's client waits without limit; this one gives up eventually. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** OTP's client refuses longer names for -stop. */
    private static final int MAX_STOP_NAME_BYTES = 1000;

    private final int port;
    private final PrintStream out;
    private final PrintStream err;

    EpmdClientCommands(int port, PrintStream out, PrintStream err) {
        this.port = port;
        this.out = out;
        this.err = err;
    }

    /** {@code -names}, or {@code -started} when {@code silent}: the status tells whether epmd runs. */
    int names(boolean silent) {
        return listing(silent, false);
    }

    int dump() {
        return listing(false, true);
    }

    int kill() {
        try {
            boolean killed = call(EpmdClient::kill);
            out.print(killed ? "Killed\n" : "Killing not allowed - living nodes in database.\n");
            return killed ? 0 : 1;
        } catch (EpmdUnreachableException e) {
            return cannotConnect(false);
        } catch (EpmdReplyException e) {
            if (e.reply().length == 2) {
                out.print("Killing not allowed - living nodes in database.\n");
            } else {
                respondedWith(e.reply());
            }
            return 1;
        } catch (IOException e) {
            out.print("epmd: failed to read answer from local epmd\n");
            return 1;
        }
    }

    int stop(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_STOP_NAME_BYTES) {
            out.print("epmd: Name too long!");
            return 1;
        }
        try {
            StopOutcome outcome = call(client -> client.stop(name));
            out.print(outcome == StopOutcome.STOPPED ? "STOPPED\n" : "NOEXIST\n");
            return 0;
        } catch (EpmdUnreachableException e) {
            return cannotConnect(false);
        } catch (EpmdReplyException e) {
            if (e.reply().length == 7) {
                out.write(e.reply(), 0, 7);
                out.print("\n");
                return 0;
            }
            respondedWith(e.reply());
            return 1;
        } catch (IOException e) {
            out.print("epmd: failed to read answer from local epmd\n");
            return 1;
        }
    }

    private int listing(boolean silent, boolean dump) {
        EpmdListing listing;
        try {
            listing = call(dump ? EpmdClient::dump : EpmdClient::namesListing);
        } catch (EpmdUnreachableException e) {
            return cannotConnect(silent);
        } catch (IOException e) {
            if (!silent) {
                out.print("epmd: no response from local epmd\n");
            }
            return 1;
        }
        if (!silent) {
            out.print("epmd: up and running on port " + listing.epmdPort() + " with data:\n");
            byte[] text = listing.text();
            out.write(text, 0, text.length);
            out.flush();
        }
        return 0;
    }

    private int cannotConnect(boolean silent) {
        if (!silent) {
            err.print("epmd: Cannot connect to local epmd\n");
        }
        return 1;
    }

    private void respondedWith(byte[] reply) {
        out.print("epmd: local epmd responded with <");
        out.write(reply, 0, reply.length);
        out.print(">\n");
    }

    /** Runs the request on ::1, and on 127.0.0.1 when ::1 cannot be reached, as OTP's client. */
    private <T> T call(Request<T> request) throws IOException {
        try {
            return request.send(EpmdClient.of("::1", port).withTimeout(TIMEOUT));
        } catch (EpmdUnreachableException e) {
            return request.send(EpmdClient.of("127.0.0.1", port).withTimeout(TIMEOUT));
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T send(EpmdClient client) throws IOException;
    }
}
