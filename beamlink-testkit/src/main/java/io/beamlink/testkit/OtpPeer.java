package io.beamlink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real {@code erl} (or {@code elixir}) node started for a test; {@link #close()} always
 * stops it. Tests drive it by evaluating expressions ({@link #eval}), which the peer runs in
 * one long-lived process ({@code self()} stays the same, bindings persist).
 *
 * <p>Peers never start epmd themselves ({@code -start_epmd false}): a distributed peer needs
 * an epmd already listening on its {@link Builder#epmdPort epmd port}, normally an
 * {@link OtpEpmd} the test started on a {@link FreePort free port}, so no daemon outlives a
 * test and tests do not collide on 4369.
 *
 * <p>How it works: the peer runs {@code beamlink_peer.erl} (a resource next to this class),
 * sent as the first line of its standard input and compiled in the VM, so nothing has to be
 * copied into a root filesystem. The protocol is described in that file.
 */
public final class OtpPeer implements AutoCloseable {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String DEFAULT_COOKIE = "beamlink-test";
    private static final int DEFAULT_EPMD_PORT = 4369;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Compiles the module sent on the first input line and enters its loop; %s is the reply
     * marker. The line is a list under erl and a binary under elixir, which sets standard_io
     * to binary mode.
     */
    private static final String BOOTSTRAP = String.join(" ",
            "{ok, Tokens, _} = erl_scan:string(unicode:characters_to_list(",
            "    binary:decode_hex(iolist_to_binary(string:trim(io:get_line(\"\")))))),",
            "Forms = (fun Split([]) -> [];",
            "            Split(Ts) -> {Form, [Dot | Rest]} = lists:splitwith(fun(T) -> element(1, T) =/= dot end, Ts),",
            "                         {ok, F} = erl_parse:parse_form(Form ++ [Dot]),",
            "                         [F | Split(Rest)]",
            "         end)(Tokens),",
            "{ok, Module, Beam} = compile:forms(Forms),",
            "{module, Module} = code:load_binary(Module, \"beamlink_peer.erl\", Beam),",
            "Module:serve(\"%s\").");

    private final OtpRelease release;
    private final Process process;
    private final ProcessOutput output;
    private final OutputStream input;
    private final BlockingQueue<Reply> replies;
    private final ReentrantLock requestLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean elixir;
    private long lastRequestId;
    private String nodeName;
    private long osPid;

    private OtpPeer(OtpRelease release, Process process, ProcessOutput output, BlockingQueue<Reply> replies,
                    String label, boolean elixir) {
        this.release = release;
        this.elixir = elixir;
        this.process = process;
        this.output = output;
        this.input = process.getOutputStream();
        this.replies = replies;
        // until the peer says its node name, messages call it by the name it was started with
        this.nodeName = label;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates Erlang expressions with the default timeout of 30 s; see {@link #eval(String, Duration)}. */
    public String eval(String erlangExpressions) {
        return eval(erlangExpressions, DEFAULT_TIMEOUT);
    }

    /**
     * Evaluates Erlang expressions ({@code 1 + 1}, {@code X = 3, X * 2}; a final '.' is
     * optional); bindings persist between calls. Returns the result printed with
     * {@code io_lib:format("~0tp", [Result])}.
     *
     * @throws OtpEvalException if the text does not parse or the evaluation raises
     * @throws OtpPeerException if the peer does not answer within the timeout or has died
     */
    public String eval(String erlangExpressions, Duration timeout) {
        return utf8(request("erl", erlangExpressions, timeout));
    }

    /** Evaluates and returns {@code term_to_binary(Result)}, so a test can decode the result exactly. */
    public byte[] evalTerm(String erlangExpressions) {
        return evalTerm(erlangExpressions, DEFAULT_TIMEOUT);
    }

    public byte[] evalTerm(String erlangExpressions, Duration timeout) {
        return request("term", erlangExpressions, timeout);
    }

    /** Evaluates expressions that must return a binary, and returns its bytes. */
    public byte[] evalBinary(String erlangExpressions) {
        return evalBinary(erlangExpressions, DEFAULT_TIMEOUT);
    }

    public byte[] evalBinary(String erlangExpressions, Duration timeout) {
        return request("binary", erlangExpressions, timeout);
    }

    /**
     * Elixir peers only: evaluates with {@code Code.eval_string} (Elixir bindings persist,
     * separately from Erlang ones) and returns the result printed with {@code inspect/1}.
     */
    public String evalElixir(String elixirCode) {
        return evalElixir(elixirCode, DEFAULT_TIMEOUT);
    }

    public String evalElixir(String elixirCode, Duration timeout) {
        if (!elixir) {
            throw new IllegalStateException("peer " + nodeName + " runs erl; evalElixir needs a peer started "
                    + "with OtpPeer.builder().elixir()");
        }
        return utf8(request("elixir", elixirCode, timeout));
    }

    /** The node name exactly as {@code node()} returns it in the peer, without quotes ({@code nonode@nohost} without distribution). */
    public String nodeName() {
        return nodeName;
    }

    public OtpRelease release() {
        return release;
    }

    /** The OS process id of the BEAM ({@code beam.smp}), as {@code os:getpid()} says. */
    public long osPid() {
        return osPid;
    }

    /** Sends a signal ({@code "STOP"}, {@code "CONT"}, {@code "KILL"}...) to the BEAM. */
    public void signal(String signal) {
        if (!signal.matches("[A-Z][A-Z0-9]{1,10}")) {
            throw new IllegalArgumentException("not a signal name like STOP, CONT or KILL: " + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(osPid))
                    .redirectErrorStream(true).start();
            ProcessOutput printed = ProcessOutput.collect(kill.getInputStream(), "kill-" + osPid);
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new OtpPeerException("kill -s " + signal + " " + osPid + " did not finish within 10 s");
            }
            printed.awaitEnd(ProcessTree.GRACE);
            if (kill.exitValue() != 0) {
                throw new OtpPeerException("kill -s " + signal + " " + osPid + " failed: " + printed.tail(5));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtpPeerException("interrupted while signalling " + nodeName, e);
        }
    }

    /** False once the BEAM has exited (halted, crashed or killed) or the peer was closed. */
    public boolean isAlive() {
        return !closed.get() && process.isAlive();
    }

    /**
     * Everything the peer printed so far (standard output and error, logger reports included),
     * replies left out. Output of an evaluation is in once it returns, except logger reports,
     * which the logger writes from its own process: evaluate {@code logger_std_h:filesync(default)}
     * first to wait for them.
     */
    public List<String> outputLines() {
        return output.lines();
    }

    /**
     * Stops the peer: closing its standard input makes it halt; after a few seconds it is
     * killed, with any process it started. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ProcessTree.stop(process, () -> {
                try {
                    input.close();
                } catch (IOException e) {
                    // already gone: the wait that follows sees it
                }
            });
            try {
                output.awaitEnd(ProcessTree.GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "OtpPeer[" + nodeName + ", " + release + ", pid " + osPid + "]";
    }

    private byte[] request(String kind, String text, Duration timeout) {
        requestLock.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("peer " + nodeName + " is closed");
            }
            long id = ++lastRequestId;
            String line = id + " " + kind + " " + HEX.formatHex(text.getBytes(StandardCharsets.UTF_8)) + "\n";
            try {
                input.write(line.getBytes(StandardCharsets.US_ASCII));
                input.flush();
            } catch (IOException e) {
                throw died("while sending `" + text + "`");
            }
            Reply reply = awaitReply(id, text, timeout);
            if (!reply.ok()) {
                throw new OtpEvalException(nodeName, text, utf8(reply.payload()));
            }
            return reply.payload();
        } finally {
            requestLock.unlock();
        }
    }

    /** Replies to earlier requests that timed out arrive late; they are skipped by id. */
    private Reply awaitReply(long id, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new OtpPeerException("peer " + nodeName + " did not answer `" + text + "` within "
                            + timeout.toMillis() + " ms; its output:\n" + output.tail(40));
                }
                Reply reply = replies.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (reply == null) {
                    if (!process.isAlive() && replies.isEmpty() && output.awaitEnd(Duration.ZERO)) {
                        throw died("before answering `" + text + "`");
                    }
                } else if (reply.id() == id) {
                    return reply;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtpPeerException("interrupted while waiting for peer " + nodeName, e);
        }
    }

    private OtpPeerException died(String when) {
        awaitExit();
        String status = process.isAlive() ? "is exiting" : "exited with status " + process.exitValue();
        return new OtpPeerException("peer " + nodeName + " (" + release + ") " + status + " " + when
                + "; its output:\n" + output.tail(40));
    }

    /**
     * A peer whose standard input broke is exiting; the JDK notices the exit a moment later. Waits
     * for that, so that {@link #isAlive()} is false once a request has failed for this reason.
     */
    private void awaitExit() {
        try {
            process.waitFor(ProcessTree.GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private record Reply(long id, boolean ok, byte[] payload) {

        /** Parses {@code Id Status Hex}, the part of a reply line after the marker. */
        static Reply parse(String text) {
            String[] parts = text.trim().split(" ", -1);
            if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("ok|error")) {
                throw new IllegalArgumentException("malformed reply line from the peer: " + text);
            }
            return new Reply(Long.parseLong(parts[0]), parts[1].equals("ok"), HEX.parseHex(parts[2]));
        }
    }

    /** How to start a peer. Defaults: host OTP, a random short name, cookie {@code beamlink-test}, epmd port from {@code ERL_EPMD_PORT} or 4369. */
    public static final class Builder {

        private enum Naming { SHORT, LONG, NONE }

        private OtpRelease release;
        private Naming naming = Naming.SHORT;
        private String name = "peer" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        private String cookie = DEFAULT_COOKIE;
        private int epmdPort = defaultEpmdPort();
        private boolean hidden;
        private boolean elixir;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder release(OtpRelease release) {
            this.release = release;
            return this;
        }

        /** {@code -sname alive}: the node becomes {@code alive@<short host name>}. */
        public Builder sname(String alive) {
            this.naming = Naming.SHORT;
            this.name = alive;
            return this;
        }

        /** {@code -name fullName}, for example {@code alive@127.0.0.1}. */
        public Builder name(String fullName) {
            this.naming = Naming.LONG;
            this.name = fullName;
            return this;
        }

        /** A plain VM without distribution (for term tests); it needs no epmd. */
        public Builder noDistribution() {
            this.naming = Naming.NONE;
            return this;
        }

        public Builder cookie(String cookie) {
            this.cookie = cookie;
            return this;
        }

        /** The epmd the peer registers with and looks nodes up in (sets {@code ERL_EPMD_PORT} for it). */
        public Builder epmdPort(int port) {
            this.epmdPort = port;
            return this;
        }

        public Builder hidden() {
            this.hidden = true;
            return this;
        }

        /** Starts {@code elixir} instead of {@code erl}; {@link #eval} still takes Erlang, {@link #evalElixir} takes Elixir. */
        public Builder elixir() {
            this.elixir = true;
            return this;
        }

        /** Extra arguments for erl, for example {@code "-kernel", "net_ticktime", "4"} (for elixir: no spaces inside one argument). */
        public Builder args(String... extraErlArgs) {
            args.addAll(List.of(extraErlArgs));
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /**
         * Starts the peer and blocks until it answers its first evaluation (at most 30 s).
         *
         * @throws OtpPeerException with the peer's output if it does not come up, or if no
         *                          epmd listens on the epmd port of a distributed peer
         */
        public OtpPeer start() {
            OtpRelease chosen = release != null ? release : OtpRelease.host();
            if (naming != Naming.NONE) {
                requireEpmd();
            }
            String marker = "<<beamlink-reply-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ">> ";
            ProcessBuilder builder = elixir ? elixirCommand(chosen, marker) : erlCommand(chosen, marker);
            builder.redirectErrorStream(true);
            builder.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
            // A crashing peer must not litter the working directory with erl_crash.dump.
            builder.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
            builder.environment().putAll(env);
            String label = naming == Naming.NONE ? "(undistributed " + chosen.name() + " peer)" : name;

            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new OtpPeerException("cannot start " + builder.command().getFirst() + " for peer " + label
                        + ": " + e.getMessage(), e);
            }
            BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
            ProcessOutput output = ProcessOutput.collect(process.getInputStream(), "otp-peer-" + label, marker,
                    line -> replies.add(Reply.parse(line)));
            OtpPeer peer = new OtpPeer(chosen, process, output, replies, label, elixir);
            try {
                peer.input.write((HEX.formatHex(peerModuleSource()) + "\n").getBytes(StandardCharsets.US_ASCII));
                peer.input.flush();
                peer.nodeName = utf8(peer.request("binary", "atom_to_binary(node(), utf8)", DEFAULT_TIMEOUT));
                peer.osPid = Long.parseLong(utf8(peer.request("binary", "list_to_binary(os:getpid())", DEFAULT_TIMEOUT)));
                return peer;
            } catch (IOException | RuntimeException e) {
                peer.close();
                throw new OtpPeerException("peer " + label + " (" + chosen + ") did not start: " + e.getMessage()
                        + (e instanceof OtpPeerException ? "" : "\nits output:\n" + output.tail(40)), e);
            }
        }

        private ProcessBuilder erlCommand(OtpRelease chosen, String marker) {
            List<String> command = new ArrayList<>(List.of("-noshell"));
            command.addAll(distributionArgs());
            command.addAll(args);
            command.add("-eval");
            command.add(BOOTSTRAP.formatted(marker));
            return chosen.command("erl", command.toArray(String[]::new));
        }

        /** The elixir script splits --erl on spaces, so the Erlang bootstrap goes through -e, hex encoded. */
        private ProcessBuilder elixirCommand(OtpRelease chosen, String marker) {
            List<String> erlArgs = new ArrayList<>(distributionArgs());
            erlArgs.addAll(args);
            for (String arg : erlArgs) {
                if (arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("elixir peers pass names, cookie and extra arguments through "
                            + "--erl, which splits on spaces; this one cannot be passed: '" + arg + "'");
                }
            }
            String bootstrapHex = HEX.formatHex(BOOTSTRAP.formatted(marker).getBytes(StandardCharsets.UTF_8));
            String elixirBootstrap = "{:ok, tokens, _} = :erl_scan.string(String.to_charlist(Base.decode16!(\""
                    + bootstrapHex + "\", case: :lower))); {:ok, exprs} = :erl_parse.parse_exprs(tokens); "
                    + ":erl_eval.exprs(exprs, :erl_eval.new_bindings())";
            return chosen.command("elixir", "--erl", String.join(" ", erlArgs), "-e", elixirBootstrap);
        }

        private List<String> distributionArgs() {
            List<String> flags = new ArrayList<>();
            switch (naming) {
                case SHORT -> flags.addAll(List.of("-sname", name));
                case LONG -> flags.addAll(List.of("-name", name));
                case NONE -> {
                    return flags;
                }
            }
            flags.addAll(List.of("-setcookie", cookie, "-start_epmd", "false"));
            if (hidden) {
                flags.add("-hidden");
            }
            return flags;
        }

        private void requireEpmd() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), epmdPort), 2_000);
            } catch (IOException e) {
                throw new OtpPeerException("no epmd listens on 127.0.0.1:" + epmdPort + " for peer " + name
                        + " (" + e.getMessage() + "). Peers never start epmd themselves: start one with "
                        + "OtpEpmd.start(release, FreePort.find()) and pass its port to OtpPeer.Builder.epmdPort");
            }
        }

        private static int defaultEpmdPort() {
            String configured = System.getenv("ERL_EPMD_PORT");
            if (configured == null || configured.isBlank()) {
                return DEFAULT_EPMD_PORT;
            }
            try {
                return Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("ERL_EPMD_PORT is not a port number: " + configured, e);
            }
        }

        private static byte[] peerModuleSource() throws IOException {
            try (InputStream in = OtpPeer.class.getResourceAsStream("beamlink_peer.erl")) {
                if (in == null) {
                    throw new IOException("resource io/beamlink/testkit/beamlink_peer.erl is missing from the class path");
                }
                return in.readAllBytes();
            }
        }
    }
}
