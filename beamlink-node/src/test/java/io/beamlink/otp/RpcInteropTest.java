package io.beamlink.otp;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.dist.ConnectionSettings;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** rpc and erpc from Erlang to Java handlers, and rpc from Java to Erlang. */
class RpcInteropTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    static Node javaNode() throws Exception {
        return javaNode(PEERS.epmdPort());
    }

    static Node javaNode(int epmdPort) throws Exception {
        return Node.start(config(epmdPort).build());
    }

    private static NodeConfig.Builder config(int epmdPort) {
        return NodeConfig.builder()
                .name(NodeName.shortName("rpc" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)))
                .cookie("beamlink-test").epmdPort(epmdPort).embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void erlangCallsJavaWithRpcAndErpc(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = javaNode()) {
            java.rpc().register("calc", "add", 2, args -> Term.integer(
                    ((Int) args.get(0)).value() + ((Int) args.get(1)).value()));
            java.rpc().register("calc", "fail", 1, args -> {
                throw ErlangException.error(args.get(0));
            });
            java.rpc().register("calc", "toss", 1, args -> {
                throw ErlangException.throwing(args.get(0));
            });
            String n = "'" + java.name().name() + "'";
            String printed = java.name().toString();
            assertThat(erl.eval("rpc:call(" + n + ", erlang, node, [])")).isEqualTo(printed);
            assertThat(erl.eval("rpc:call(" + n + ", calc, add, [40, 2])")).isEqualTo("42");
            assertThat(erl.eval("erpc:call(" + n + ", calc, add, [1, 2])")).isEqualTo("3");
            assertThat(erl.eval("try erpc:call(" + n + ", calc, fail, [badarg]) catch C:R -> {C, R} end"))
                    .isEqualTo("{error,{exception,badarg,[]}}");
            assertThat(erl.eval("catch erpc:call(" + n + ", calc, toss, [ball])")).isEqualTo("ball");
            assertThat(erl.eval("rpc:call(" + n + ", calc, nope, [])"))
                    .isEqualTo("{badrpc,{'EXIT',{undef,[{calc,nope,[],[]}]}}}");
            assertThat(erl.eval("[R || {R, _} <- [erpc:multicall([" + n + ", node()], erlang, node, [])]], "
                    + "erpc:multicall([" + n + ", node()], erlang, node, [])"))
                    .isEqualTo("[{ok," + printed + "},{ok," + Atom.of(erl.nodeName()) + "}]");
            assertThat(erl.eval("lists:member(node(), rpc:call(" + n + ", erlang, nodes, []))")).isEqualTo("true");
        }
    }

    /**
     * Casts reach the Java handler, and errors, exits, throws and unknown functions come back to
     * the caller as they come back from an Erlang node: each expression is evaluated against the
     * erl node itself and against the Java node, whose handlers stand in for the BIFs (stack
     * traces are left out of the comparison: a Java handler has no Erlang stack).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void castsArriveAndFailuresComeBackAsFromAnErlangNode(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = javaNode()) {
            BlockingQueue<Term> noted = new LinkedBlockingQueue<>();
            java.rpc().register("probe", "note", 1, args -> {
                noted.add(args.get(0));
                return Atom.OK;
            });
            java.rpc().register("erlang", "error", 1, args -> {
                throw ErlangException.error(args.get(0));
            });
            java.rpc().register("erlang", "exit", 1, args -> {
                throw ErlangException.exit(args.get(0));
            });
            java.rpc().register("erlang", "throw", 1, args -> {
                throw ErlangException.throwing(args.get(0));
            });
            String n = "'" + java.name().name() + "'";

            assertThat(erl.eval("rpc:cast(" + n + ", probe, note, [by_rpc])")).isEqualTo("true");
            assertThat(noted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("by_rpc"));
            assertThat(erl.eval("erpc:cast(" + n + ", probe, note, [by_erpc])")).isEqualTo("ok");
            assertThat(noted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("by_erpc"));

            // Each runs in a fun of its own: the peer's bindings persist between evaluations.
            List<String> expressions = List.of(
                    "try erpc:call(RpcN, erlang, error, [badarg]) catch RpcC:{exception, RpcR, _} -> {RpcC, RpcR} end",
                    "try erpc:call(RpcN, erlang, exit, [boom]) catch RpcC:RpcR -> {RpcC, RpcR} end",
                    "try erpc:call(RpcN, erlang, throw, [ball]) catch RpcC:RpcR -> {RpcC, RpcR} end",
                    "try erpc:call(RpcN, no_such_module, f, [1]) "
                            + "catch RpcC:{exception, RpcR, [RpcTop | _]} -> {RpcC, RpcR, RpcTop} end",
                    "case rpc:call(RpcN, erlang, error, [badarg]) of "
                            + "{badrpc, {'EXIT', {RpcR, _}}} -> {badrpc, RpcR}; RpcX -> RpcX end",
                    "rpc:call(RpcN, erlang, exit, [boom])",
                    "rpc:call(RpcN, erlang, throw, [ball])",
                    "rpc:call(RpcN, no_such_module, f, [1])");
            for (String expression : expressions) {
                String fromErlang = erl.eval("(fun(RpcN) -> " + expression + " end)(node())");
                String fromJava = erl.eval("(fun(RpcN) -> " + expression + " end)(" + n + ")");
                assertThat(fromJava).as(expression).isEqualTo(fromErlang);
            }
        }
    }

    /**
     * {@code spawn_monitor/4} from Erlang returns while the Java process it started still runs:
     * the spawn reply does not wait for the process to send, wait or end. Here the process
     * runs until erl, having got its pid, tells the Java side to let it finish; then the DOWN
     * comes, after the reply.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aSpawnFromErlangIsAnsweredWhileTheJavaProcessStillRuns(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = javaNode(); Mailbox releaser = java.mailbox("hold_release")) {
            CountDownLatch released = new CountDownLatch(1);
            java.rpc().register("probe", "hold", 0, args -> {
                if (!released.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw ErlangException.error(Atom.of("never_released"));
                }
                return Atom.OK;
            });
            Thread.ofVirtual().start(() -> {
                try {
                    if (releaser.receive(WAIT) != null) {
                        released.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String n = "'" + java.name().name() + "'";
            // Connected, and rex done with erl's feature probe: nothing else is sent that could take the reply along.
            assertThat(erl.eval("erpc:call(" + n + ", erlang, node, [])")).isEqualTo(java.name().toString());
            assertThat(erl.eval("(fun() -> {SpP, SpR} = spawn_monitor(" + n + ", probe, hold, []), "
                    + "{hold_release, " + n + "} ! go, "
                    + "receive {'DOWN', SpR, process, SpP, SpWhy} -> SpWhy after 10000 -> no_down end end)()"))
                    .isEqualTo("normal");
        }
    }

    /**
     * The spawned process itself writes its spawn reply, so it goes out at once even when lazy
     * frames would wait an hour for another write: with the process's first send (erpc's DOWN,
     * which carries the result), when it ends ({@code spawn/4} of a handler that returns, with
     * no link or monitor to send anything), and when it first waits for a message.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void theSpawnedProcessWritesItsReplyWithItsFirstSendWhenItEndsAndWhenItFirstWaits(OtpRelease release)
            throws Exception {
        OtpPeer erl = PEERS.peer(release);
        ConnectionSettings hourLongLazyWrites = ConnectionSettings.DEFAULTS.withLazyWriteDelay(Duration.ofHours(1));
        try (Node java = Node.start(config(PEERS.epmdPort()).connection(hourLongLazyWrites).build())) {
            BlockingQueue<Term> seen = new LinkedBlockingQueue<>();
            java.rpc().register("probe", "note", 1, args -> {
                seen.add(args.get(0));
                return Atom.OK;
            });
            String n = "'" + java.name().name() + "'";
            assertThat(erl.eval("erpc:call(" + n + ", erlang, node, [])")).isEqualTo(java.name().toString());
            assertThat(erl.eval("is_pid(spawn(" + n + ", probe, note, [ended]))")).isEqualTo("true");
            assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("ended"));

            java.processes().spawnHandler((module, function, args) -> self -> seen.add(self.receive()));
            assertThat(erl.eval("(fun() -> SwP = spawn(" + n + ", any, body, []), SwP ! waited, ok end)()"))
                    .isEqualTo("ok");
            assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("waited"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void rexAnswersGenCallsFromErlangAndThePlainFormHiddenCNodesUse(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = javaNode(); Node cnode = javaNode(); Mailbox caller = cnode.mailbox()) {
            String n = "'" + java.name().name() + "'";
            assertThat(erl.eval("gen_server:call({rex, " + n + "}, {call, erlang, is_alive, [], user})")).isEqualTo("true");
            caller.send(Rpc.REX, java.name(), Tuple.of(caller.self(),
                    Tuple.of(Atom.of("call"), Atom.of("erlang"), Atom.of("node"), Term.nil(), Atom.of("user"))));
            assertThat(caller.receive(WAIT)).isEqualTo(Tuple.of(Rpc.REX, java.name()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void javaCallsErlangWithRpc(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = javaNode(); Mailbox self = java.mailbox()) {
            Atom erlNode = Atom.of(erl.nodeName());
            Term reversed = Rpc.call(self, erlNode, Atom.of("lists"), Atom.of("reverse"),
                    List.of(Term.list(Int.of(1), Int.of(2), Int.of(3))), WAIT);
            assertThat(reversed).isEqualTo(Term.list(Int.of(3), Int.of(2), Int.of(1)));
            Term badarith = Rpc.call(self, erlNode, Atom.of("erlang"), Atom.of("+"), List.of(Atom.of("a"), Int.of(1)), WAIT);
            assertThat(badarith).isInstanceOf(Tuple.class);
            assertThat(((Tuple) badarith).get(0)).isEqualTo(Atom.of("badrpc"));
            Term down = Rpc.call(self, Atom.of("nobody@nowhere"), Atom.of("erlang"), Atom.of("node"), List.of(),
                    Duration.ofSeconds(3));
            assertThat(down).isEqualTo(Tuple.of(Atom.of("badrpc"), Atom.of("nodedown")));
        }
    }
}
