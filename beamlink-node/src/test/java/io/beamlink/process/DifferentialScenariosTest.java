package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.LocalNode;
import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.otp.CallException;
import io.beamlink.otp.ChildSpec;
import io.beamlink.otp.GenCall;
import io.beamlink.otp.Supervisor;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the process semantics: each scenario is written once in Erlang, run in a
 * fresh process on an erl node, and once with Beamlink's API, run in a process of a Java node.
 * Both report what they observed as a term in which the scenario names the processes (no pids
 * or refs, which differ), and the two terms must be equal. The Erlang text is the reference.
 */
class DifferentialScenariosTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    @RegisterExtension
    final LocalNode local = new LocalNode();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Atom GO = Atom.of("go");
    private static final Atom BOOM = Atom.of("boom");

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    /** A scenario's Beamlink side: runs as a process, returns what it observed. */
    @FunctionalInterface
    private interface Observer {
        Term observe(Mailbox self) throws Exception;
    }

    /**
     * Runs {@code erlangFun} (the text of a fun of no arguments) in a fresh process on {@code erl},
     * and {@code java} in a fresh process of the local node, and asserts that both observed the same.
     * Every variable of the Erlang text starts with {@code Dt}: the peer's shell bindings persist,
     * and a fun sees those of the shell.
     */
    private void assertSameTrace(OtpPeer erl, String erlangFun, Observer java) throws Exception {
        byte[] fromErlang = erl.evalTerm("(fun() -> DtParent = self(), DtTag = make_ref(), "
                + "spawn(fun() -> DtParent ! {DtTag, (" + erlangFun + ")()} end), "
                + "receive {DtTag, DtTrace} -> DtTrace after 10000 -> scenario_timed_out end end)()");
        Term expected = TermDecoder.standard().decode(fromErlang);
        CompletableFuture<Term> observed = new CompletableFuture<>();
        local.node().spawn(self -> {
            try {
                observed.complete(java.observe(self));
            } catch (Exception | Error e) {
                observed.completeExceptionally(e);
            }
        });
        assertThat(observed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
    }

    /** A process that waits for {@code go} and then exits with {@code reason}. */
    private static ProcessBody exitOnGo(Term reason) {
        return self -> {
            self.receive(m -> m.equals(GO) ? m : null, null);
            throw new ExitException(reason);
        };
    }

    private static Tuple tuple(Object... elements) {
        List<Term> terms = new ArrayList<>();
        for (Object element : elements) {
            terms.add(element instanceof String s ? Atom.of(s) : (Term) element);
        }
        return Tuple.of(terms.toArray(Term[]::new));
    }

    /** The pid of the next {@code {Tag, Pid}} message. */
    private static Pid tagged(Mailbox self, String tag) throws InterruptedException {
        return (Pid) self.receive(m -> m instanceof Tuple t && t.arity() == 2 && t.get(0).equals(Atom.of(tag))
                ? t.get(1) : null, WAIT);
    }

    /** The reason of the next {@code DOWN} for {@code ref}. */
    private static Term downReason(Mailbox self, Ref ref) throws InterruptedException {
        return self.receive(m -> m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(Mailbox.DOWN)
                && t.get(1).equals(ref) ? t.get(4) : null, WAIT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aLinkChainDiesWithTheExitAtItsEnd(OtpRelease release) throws Exception {
        String erlang = """
                fun() ->
                    DtSelf = self(),
                    process_flag(trap_exit, true),
                    DtA = spawn_link(fun() ->
                        DtB = spawn_link(fun() ->
                            DtC = spawn_link(fun() -> receive go -> exit(boom) end end),
                            DtSelf ! {c, DtC}, receive never -> ok end end),
                        DtSelf ! {b, DtB}, receive never -> ok end end),
                    DtB = receive {b, DtPb} -> DtPb end,
                    DtC = receive {c, DtPc} -> DtPc end,
                    DtMs = [{DtRole, monitor(process, DtP)} || {DtRole, DtP} <- [{a, DtA}, {b, DtB}, {c, DtC}]],
                    DtC ! go,
                    DtDowns = [receive {'DOWN', DtR, process, _, DtWhy} -> {down, DtRole, DtWhy} end
                               || {DtRole, DtR} <- DtMs],
                    DtExit = receive {'EXIT', DtA, DtWhyA} -> {exit, a, DtWhyA} after 5000 -> no_exit end,
                    [DtExit | DtDowns]
                end""";
        assertSameTrace(PEERS.peer(release), erlang, self -> {
            Node node = local.node();
            self.trapExit(true);
            Pid observer = self.self();
            Pid a = node.spawnLink(self, pa -> {
                Pid b = node.spawnLink(pa, pb -> {
                    Pid c = node.spawnLink(pb, exitOnGo(BOOM));
                    pb.send(observer, tuple("c", c));
                    pb.receive();
                });
                pa.send(observer, tuple("b", b));
                pa.receive();
            });
            Pid b = tagged(self, "b");
            Pid c = tagged(self, "c");
            Ref ra = self.monitor(a);
            Ref rb = self.monitor(b);
            Ref rc = self.monitor(c);
            self.send(c, GO);
            Term downA = downReason(self, ra);
            Term downB = downReason(self, rb);
            Term downC = downReason(self, rc);
            Term exit = self.receive(m -> m instanceof Tuple t && t.arity() == 3 && t.get(0).equals(Mailbox.EXIT)
                    && t.get(1).equals(a) ? tuple("exit", "a", t.get(2)) : null, Duration.ofSeconds(5));
            return Term.list(exit == null ? Atom.of("no_exit") : exit, tuple("down", "a", downA),
                    tuple("down", "b", downB), tuple("down", "c", downC));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aTrappingProcessGetsExitsAsMessagesAndKillStillKills(OtpRelease release) throws Exception {
        String erlang = """
                fun() ->
                    process_flag(trap_exit, true),
                    DtX1 = spawn_link(fun() -> receive go -> exit(normal) end end),
                    DtX2 = spawn_link(fun() -> receive go -> exit(boom) end end),
                    DtX3 = spawn_link(fun() -> receive never -> ok end end),
                    DtX1 ! go,
                    DtE1 = receive {'EXIT', DtX1, DtR1} -> {x1, DtR1} end,
                    DtX2 ! go,
                    DtE2 = receive {'EXIT', DtX2, DtR2} -> {x2, DtR2} end,
                    exit(DtX3, kill),
                    DtE3 = receive {'EXIT', DtX3, DtR3} -> {x3, DtR3} end,
                    exit(self(), normal),
                    DtE4 = receive {'EXIT', DtFrom4, DtR4} when DtFrom4 =:= self() -> {self, DtR4}
                           after 1000 -> no_exit end,
                    DtT = spawn(fun() -> process_flag(trap_exit, true), receive never -> ok end end),
                    DtM = monitor(process, DtT),
                    exit(DtT, kill),
                    DtE5 = receive {'DOWN', DtM, process, DtT, DtR5} -> {trapping_but_killed, DtR5} end,
                    [DtE1, DtE2, DtE3, DtE4, DtE5]
                end""";
        assertSameTrace(PEERS.peer(release), erlang, self -> {
            Node node = local.node();
            self.trapExit(true);
            Pid x1 = node.spawnLink(self, exitOnGo(Mailbox.NORMAL));
            Pid x2 = node.spawnLink(self, exitOnGo(BOOM));
            Pid x3 = node.spawnLink(self, Mailbox::receive);
            self.send(x1, GO);
            Term e1 = tuple("x1", exitReason(self, x1));
            self.send(x2, GO);
            Term e2 = tuple("x2", exitReason(self, x2));
            self.exit(x3, Mailbox.KILL);
            Term e3 = tuple("x3", exitReason(self, x3));
            self.exit(self.self(), Mailbox.NORMAL);
            Term r4 = self.receive(m -> m instanceof Tuple t && t.arity() == 3 && t.get(0).equals(Mailbox.EXIT)
                    && t.get(1).equals(self.self()) ? t.get(2) : null, Duration.ofSeconds(1));
            Term e4 = r4 == null ? Atom.of("no_exit") : tuple("self", r4);
            Pid t = node.spawn(m -> {
                m.trapExit(true);
                m.receive();
            });
            Ref ref = self.monitor(t);
            self.exit(t, Mailbox.KILL);
            Term e5 = tuple("trapping_but_killed", downReason(self, ref));
            return Term.list(e1, e2, e3, e4, e5);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aProcessThatDoesNotTrapIgnoresNormalExitsAndDiesOfOthers(OtpRelease release) throws Exception {
        // Signals from one process arrive in the order sent: the normal exit comes before the go.
        String erlang = """
                fun() ->
                    DtP = spawn(fun() ->
                        spawn_link(fun() -> exit(normal) end),
                        DtX = spawn_link(fun() -> receive go -> exit(boom) end end),
                        receive go -> DtX ! go end,
                        receive never -> ok end end),
                    DtM = monitor(process, DtP),
                    exit(DtP, normal),
                    DtP ! go,
                    receive {'DOWN', DtM, process, DtP, DtWhy} -> {p_died, DtWhy} end
                end""";
        assertSameTrace(PEERS.peer(release), erlang, self -> {
            Node node = local.node();
            Pid p = node.spawn(m -> {
                node.spawnLink(m, quick -> { });
                Pid x = node.spawnLink(m, exitOnGo(BOOM));
                m.receive(msg -> msg.equals(GO) ? msg : null, null);
                m.send(x, GO);
                m.receive(msg -> null, null);
            });
            Ref ref = self.monitor(p);
            self.exit(p, Mailbox.NORMAL);
            self.send(p, GO);
            return tuple("p_died", downReason(self, ref));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void monitorsByNameReportTheNameAndNoprocForNoOne(OtpRelease release) throws Exception {
        String erlang = """
                fun() ->
                    DtNode = fun({DtName, DtAt}) when DtAt =:= node() -> {DtName, this_node} end,
                    DtS = spawn(fun() -> receive go -> exit(byebye) end end),
                    register(dt_named, DtS),
                    DtM1 = monitor(process, {dt_named, node()}),
                    DtM2 = monitor(process, {dt_nobody, node()}),
                    DtD2 = receive {'DOWN', DtM2, process, DtO2, DtR2} -> {DtNode(DtO2), DtR2} end,
                    DtS ! go,
                    DtD1 = receive {'DOWN', DtM1, process, DtO1, DtR1} -> {DtNode(DtO1), DtR1} end,
                    DtM3 = monitor(process, self()),
                    demonitor(DtM3, [flush]),
                    [DtD1, DtD2, whereis(dt_named)]
                end""";
        assertSameTrace(PEERS.peer(release), erlang, self -> {
            Node node = local.node();
            Atom here = node.name();
            Pid s = node.spawn(exitOnGo(Atom.of("byebye")));
            node.register("dt_named", s);
            Ref m1 = self.monitor(Atom.of("dt_named"), here);
            Ref m2 = self.monitor(Atom.of("dt_nobody"), here);
            Tuple d2 = down(self, m2);
            self.send(s, GO);
            Tuple d1 = down(self, m1);
            Ref m3 = self.monitor(self.self());
            self.demonitor(m3, true);
            return Term.list(tuple(thisNode(d1.get(3), here), d1.get(4)), tuple(thisNode(d2.get(3), here), d2.get(4)),
                    node.whereis("dt_named").<Term>map(pid -> pid).orElse(Atom.UNDEFINED));
        });
    }

    private static Term exitReason(Mailbox self, Pid from) throws InterruptedException {
        return self.receive(m -> m instanceof Tuple t && t.arity() == 3 && t.get(0).equals(Mailbox.EXIT)
                && t.get(1).equals(from) ? t.get(2) : null, WAIT);
    }

    private static Tuple down(Mailbox self, Ref ref) throws InterruptedException {
        return (Tuple) self.receive(m -> m instanceof Tuple t && t.arity() == 5 && t.get(0).equals(Mailbox.DOWN)
                && t.get(1).equals(ref) ? t : null, WAIT);
    }

    /** {@code {Name, Node}} with this node's name replaced, as the Erlang side does. */
    private static Tuple thisNode(Term object, Atom here) {
        Tuple named = (Tuple) object;
        assertThat(named.get(1)).isEqualTo(here);
        return tuple(named.get(0), "this_node");
    }

    /**
     * A one_for_one supervisor allowed 2 restarts in 10 s: its worker is started, crashed three
     * times, restarted twice, and the third crash makes the supervisor give up with {@code shutdown}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aSupervisorRestartsItsChildUntilItsIntensityIsSpent(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        // The callback module only hands back its argument: the spec is built by the scenario.
        erl.eval("(fun() -> DtForms = [begin {ok, DtT, _} = erl_scan:string(DtS), {ok, DtF} = erl_parse:parse_form(DtT), "
                + "DtF end || DtS <- [\"-module(dt_sup).\", \"-export([init/1]).\", \"init(DtArg) -> DtArg.\"]], "
                + "{ok, dt_sup, DtBin} = compile:forms(DtForms), {module, dt_sup} = code:load_binary(dt_sup, \"dt_sup.erl\", DtBin), "
                + "ok end)()");
        String erlang = """
                fun() ->
                    DtSelf = self(),
                    process_flag(trap_exit, true),
                    DtWorker = fun() ->
                        {ok, spawn_link(fun() -> DtSelf ! {started, self()}, receive crash -> exit(boom) end end)}
                    end,
                    {ok, DtSup} = supervisor:start_link(dt_sup, {ok, {#{strategy => one_for_one, intensity => 2,
                        period => 10}, [#{id => w, start => {erlang, apply, [DtWorker, []]}}]}}),
                    DtM = monitor(process, DtSup),
                    DtCrash = fun() -> receive {started, DtW} -> DtW ! crash, started end end,
                    DtStarts = [DtCrash(), DtCrash(), DtCrash()],
                    DtDown = receive {'DOWN', DtM, process, DtSup, DtWhy} -> {supervisor_down, DtWhy} end,
                    DtStarts ++ [DtDown]
                end""";
        assertSameTrace(erl, erlang, self -> {
            Node node = local.node();
            Pid observer = self.self();
            self.trapExit(true);
            ProcessBody worker = w -> {
                w.send(observer, tuple("started", w.self()));
                w.receive(m -> m.equals(Atom.of("crash")) ? m : null, null);
                throw new ExitException(BOOM);
            };
            Pid sup = Supervisor.start(node, new Supervisor.Spec(Supervisor.Strategy.ONE_FOR_ONE, 2,
                    Duration.ofSeconds(10), List.of(ChildSpec.worker("w", (s, args) -> node.spawnLink(s, worker)))),
                    null, self);
            Ref ref = self.monitor(sup);
            List<Term> trace = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                self.send(tagged(self, "started"), Atom.of("crash"));
                trace.add(Atom.of("started"));
            }
            trace.add(tuple("supervisor_down", downReason(self, ref)));
            return Term.list(trace);
        });
    }

    /**
     * Across the wire: a call whose server's node goes away in the middle of it. The caller is a
     * process on the erl node in the reference, a process on a Java node in the other run; the
     * server's node is a fresh erl node each time, which halts when the call reaches it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aCallWhoseServerNodeGoesAwayMidCallExitsWithNodedown(OtpRelease release) throws Exception {
        OtpPeer caller = PEERS.peer(release);
        String expected;
        try (OtpPeer server = haltingServer(release)) {
            expected = caller.eval("(fun() -> try gen_server:call({dt_srv, '" + server.nodeName() + "'}, hello, 10000) "
                    + "catch exit:{{nodedown, DtN}, _} -> {nodedown, DtN =:= '" + server.nodeName() + "'}; "
                    + "DtC:DtR -> {DtC, DtR} end end)()");
        }
        String actual;
        try (OtpPeer server = haltingServer(release);
                Node javaNode = Node.start(NodeConfig.builder()
                        .name(NodeName.shortName("dt" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)))
                        .cookie("beamlink-test").epmdPort(PEERS.epmdPort()).embeddedEpmd(false)
                        .listenAddress(InetAddress.getLoopbackAddress()).build());
                Mailbox self = javaNode.mailbox()) {
            Atom serverNode = Atom.of(server.nodeName());
            try {
                GenCall.call(self, Atom.of("dt_srv"), serverNode, Atom.of("hello"), WAIT);
                actual = "replied";
            } catch (CallException e) {
                actual = e.reason() instanceof Tuple t && t.arity() == 2 && t.get(0).equals(Atom.of("nodedown"))
                        ? "{nodedown," + t.get(1).equals(serverNode) + "}" : "{exit," + e.reason() + "}";
            }
        }
        assertThat(actual).isEqualTo(expected).isEqualTo("{nodedown,true}");
    }

    /** An erl node whose registered {@code dt_srv} halts the node when a call reaches it. */
    private static OtpPeer haltingServer(OtpRelease release) {
        OtpPeer server = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start();
        server.eval("register(dt_srv, spawn(fun() -> receive {'$gen_call', _, _} -> erlang:halt(1) end end)), ok");
        return server;
    }
}
