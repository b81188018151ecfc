package io.beamlink.epmd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed sequence of good and bad requests, run step by step against any epmd (OTP's or
 * Beamlink's) so their replies and debug logs can be compared. Each step finishes (the epmd
 * closed the connection, or a short pause passed) before the next starts, so a single-threaded
 * epmd and a threaded one log in the same order.
 */
final class EpmdScenario {
    /** Time for an epmd to finish logging a step whose connection stays open or that we closed. */
    private static final long SETTLE_MILLIS = 250;

    private final int port;
    private final Map<String, byte[]> replies = new LinkedHashMap<>();
    private final List<RawClient> kept = new ArrayList<>();

    private EpmdScenario(int port) {
        this.port = port;
    }

    /** Runs the scenario and returns each step's reply, creations masked. */
    static Map<String, String> run(int port) throws IOException, InterruptedException {
        EpmdScenario scenario = new EpmdScenario(port);
        try {
            scenario.steps();
        } finally {
            for (RawClient client : scenario.kept) {
                client.close();
            }
        }
        Map<String, String> masked = new LinkedHashMap<>();
        scenario.replies.forEach((step, reply) -> masked.put(step, mask(reply, port)));
        return masked;
    }

    private void steps() throws IOException, InterruptedException {
        RawClient app = register("register app", RequestBytes.alive2("app", 50785, 6, 6));
        RawClient old = register("register old (version 5)", RequestBytes.alive2("old", 50786, 5, 5));
        RawClient duplicate = register("register app again", RequestBytes.alive2("app", 50787, 6, 6));
        close(duplicate);
        request("look up app", RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "app"));
        request("look up nope", RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "nope"));
        request("look up app with a trailing NUL", RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "app\0"));
        request("look up invalid UTF-8", new byte[] {EpmdWire.PORT_PLEASE2_REQ, 'a', (byte) 0xff});
        request("look up nothing", new byte[] {EpmdWire.PORT_PLEASE2_REQ});
        request("look up a name with NUL", RequestBytes.withCode(EpmdWire.PORT_PLEASE2_REQ, "a\0b"));
        request("names", new byte[] {EpmdWire.NAMES_REQ});
        request("dump", new byte[] {EpmdWire.DUMP_REQ});
        request("kill while nodes live", new byte[] {EpmdWire.KILL_REQ});
        request("stop without relaxed check", RequestBytes.withCode(EpmdWire.STOP_REQ, "app"));

        RawClient chatty = register("register chatty", RequestBytes.alive2("chatty", 50788, 6, 6));
        chatty.send((byte) 'x');
        replies.put("byte after ALIVE2_REQ", chatty.readToEnd());
        settle();
        close(old);

        raw("truncated frame", new byte[] {0, 10, 'z', 'a'}, true);
        raw("zero length", new byte[] {0, 0}, false);
        raw("length over the limit", new byte[] {(byte) 0xff, (byte) 0xff, 'n'}, false);
        raw("a second request in the packet", new byte[] {0, 1, 'n', 0, 1, 'n'}, false);
        request("garbage", new byte[] {'Q'});
        request("obsolete ALIVE_REQ", new byte[] {'a', 0, 1});
        request("ALIVE2_REQ too short", new byte[] {EpmdWire.ALIVE2_REQ, 0, 1, 77, 0, 0, 6, 0, 6, 0, 0});
        request("ALIVE2_REQ name length overrun", new byte[] {EpmdWire.ALIVE2_REQ, 0, 1, 77, 0, 0, 6, 0, 6, 0, 50, 'a', 'b', 'c'});
        request("ALIVE2_REQ name with NUL", RequestBytes.alive2(new byte[] {'a', 0, 'b'}, 1, 6, 6, new byte[0]));
        RawClient badUtf8 = register("ALIVE2_REQ invalid UTF-8",
                RequestBytes.alive2(new byte[] {'a', 'b', (byte) 0xff}, 1, 6, 6, new byte[0]));
        close(badUtf8);
        RawClient tooLong = register("ALIVE2_REQ 256 characters", RequestBytes.alive2("x".repeat(256), 1, 6, 6));
        close(tooLong);
        RawClient bigExtra = register("ALIVE2_REQ extra of 1021 bytes",
                RequestBytes.alive2("big".getBytes(StandardCharsets.US_ASCII), 1, 6, 6, new byte[1021]));
        close(bigExtra);
        RawClient again = register("register old again", RequestBytes.alive2("old", 50789, 6, 6));

        request("names at the end", new byte[] {EpmdWire.NAMES_REQ});
        request("dump at the end", new byte[] {EpmdWire.DUMP_REQ});
        close(again);
        close(app);
        request("kill", new byte[] {EpmdWire.KILL_REQ});
    }

    private RawClient register(String step, byte[] body) throws IOException, InterruptedException {
        RawClient client = RawClient.local(port);
        kept.add(client);
        client.send(RequestBytes.frame(body));
        int highestVersion = (body[5] & 0xff) << 8 | (body[6] & 0xff);
        replies.put(step, client.read(highestVersion >= 6 ? 6 : 4));
        settle();
        return client;
    }

    private void request(String step, byte[] body) throws IOException, InterruptedException {
        raw(step, RequestBytes.frame(body), false);
    }

    private void raw(String step, byte[] bytes, boolean halfClose) throws IOException, InterruptedException {
        try (RawClient client = RawClient.local(port)) {
            client.send(bytes);
            if (halfClose) {
                client.shutdownOutput();
            }
            replies.put(step, client.readToEnd());
        }
        settle();
    }

    private void close(RawClient client) throws IOException, InterruptedException {
        client.close();
        kept.remove(client);
        settle();
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    /**
     * The reply as text, with what differs between two epmds replaced: the creation of ALIVE2
     * replies (it depends on the clock) and the port NAMES and DUMP replies start with.
     */
    private static String mask(byte[] reply, int port) {
        if (reply.length == 6 && reply[0] == EpmdWire.ALIVE2_X_RESP && reply[1] == 0) {
            return "ALIVE2_X_RESP ok <creation>";
        }
        if (reply.length == 4 && reply[0] == EpmdWire.ALIVE2_RESP && reply[1] == 0) {
            return "ALIVE2_RESP ok <creation 1..3: " + (reply[3] >= 1 && reply[3] <= 3 && reply[2] == 0) + ">";
        }
        String hex = java.util.HexFormat.of().formatHex(reply);
        String portHex = String.format("%08x", port);
        return hex.startsWith(portHex) ? "<port>" + hex.substring(8) : hex;
    }

    /**
     * Debug lines made comparable: the ctime prefix, creations, the bytes of ALIVE2 replies
     * (which carry the creation) and the epmd's port replaced.
     */
    static List<String> normalize(List<String> lines, int port) {
        String portRow = String.format("***** 00000000  00 00 %02x %02x ", port >> 8, port & 0xff);
        List<String> normalized = new ArrayList<>();
        for (String line : lines) {
            if (port > 0 && line.startsWith(portRow)) {
                normalized.add("***** <the epmd port>");
                continue;
            }
            String text = line
                    .replace("listening port " + port, "listening port <the epmd port>")
                    .replaceFirst("^epmd: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}: ", "epmd: ")
                    .replaceAll("'([^':]*):\\d+'", "'$1:<creation>'")
                    .replaceFirst("^(\\*\\*\\*\\*\\* 00000000  (76|79) 00) .*$", "$1 <creation>");
            normalized.add(text);
        }
        return normalized;
    }
}
