package io.beamlink.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GenServer calls across the wire, Elixir to Java and Java to Elixir, with OTP's failures. */
class GenServerInteropTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.configured(OtpPeer.Builder::elixir);

    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<OtpRelease> releasesWithElixir() {
        return OtpRelease.available().stream().filter(OtpRelease::hasElixir).toList();
    }

    /** A counter: call {add, N} returns the new total; cast reset; info is counted. */
    static final class Counter implements GenServer<Long> {
        @Override
        public Long init(Mailbox self, Term args) {
            return ((Int) args).value();
        }

        @Override
        public Next<Long> handleCall(Term request, From from, Long total) {
            if (request instanceof Tuple t && t.isTagged(Atom.of("add"), 2) && t.get(1) instanceof Int(long n)) {
                return Next.reply(Int.of(total + n), total + n);
            }
            if (request.equals(Atom.of("crash"))) {
                throw new IllegalStateException("asked to crash");
            }
            return Next.reply(Tuple.of(Atom.of("error"), Atom.of("unknown")), total);
        }

        @Override
        public Next<Long> handleCast(Term request, Long total) {
            return Next.noreply(request.equals(Atom.of("reset")) ? 0L : total);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasesWithElixir")
    void elixirCallsAJavaGenServerByName(OtpRelease release) throws Exception {
        OtpPeer elixir = PEERS.peer(release);
        try (Node java = RpcInteropTest.javaNode(PEERS.epmdPort())) {
            GenServer.start(java, new Counter(), Int.of(10), "counter");
            String server = "{:counter, :\"" + java.name().name() + "\"}";
            assertThat(elixir.evalElixir("GenServer.call(" + server + ", {:add, 5})")).isEqualTo("15");
            elixir.evalElixir("GenServer.cast(" + server + ", :reset)");
            assertThat(elixir.evalElixir("GenServer.call(" + server + ", {:add, 1})")).isEqualTo("1");
            assertThat(elixir.evalElixir("try do GenServer.call({:nobody, :\"" + java.name().name()
                    + "\"}, :x) catch :exit, {reason, _} -> reason end")).isEqualTo(":noproc");
            assertThat(elixir.evalElixir("try do GenServer.call(" + server + ", :crash) catch :exit, {reason, _} -> "
                    + "elem(reason, 0) end")).isEqualTo(":java_exception");
        }
    }

    /**
     * Erlang's gen_server:call (alias-tagged from OTP 24 on) to a Java server that answers from
     * another callback, later; and a call that times out on the Erlang side, whose late reply
     * the caller's node drops.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releasesWithElixir")
    void erlangCallsAnsweredLaterFromAnotherCallback(OtpRelease release) throws Exception {
        OtpPeer peer = PEERS.peer(release);
        try (Node java = RpcInteropTest.javaNode(PEERS.epmdPort()); Mailbox self = java.mailbox()) {
            Pid server = GenServer.start(java, new GenServerTest.Deferring(new LinkedBlockingQueue<>()), Atom.NIL,
                    "deferring");
            String name = "{deferring, '" + java.name().name() + "'}";
            peer.eval("(fun(GsParent) -> spawn(fun() -> GsParent ! {gs_reply, gen_server:call(" + name
                    + ", wait, 10000)} end), ok end)(self())");
            await().atMost(WAIT).until(() -> GenServer.call(self, server, GenServerTest.WAITING, WAIT).equals(Int.of(1)));
            GenServer.cast(self, server, Tuple.of(GenServerTest.RELEASE, Atom.of("from_java")));
            assertThat(peer.eval("(fun() -> receive {gs_reply, GsR1} -> GsR1 after 10000 -> no_reply end end)()"))
                    .isEqualTo("from_java");
            assertThat(peer.eval("(fun() -> try gen_server:call(" + name + ", wait, 200) "
                    + "catch exit:{GsWhy, _} -> GsWhy end end)()")).isEqualTo("timeout");
            // The late reply goes to the call's alias, which the caller dropped with its timeout:
            // its node drops the reply, as with an Erlang server, instead of leaving it in the mailbox.
            GenServer.cast(self, server, Tuple.of(GenServerTest.RELEASE, Atom.of("too_late")));
            await().atMost(WAIT).until(() -> GenServer.call(self, server, GenServerTest.WAITING, WAIT).equals(Int.of(0)));
            assertThat(peer.eval("(fun() -> receive {[alias | _], GsLate} -> {late, GsLate} after 1000 -> none end end)()"))
                    .isEqualTo("none");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasesWithElixir")
    void javaCallsAnElixirGenServer(OtpRelease release) throws Exception {
        OtpPeer elixir = PEERS.peer(release);
        elixir.evalElixir("""
                defmodule Stack do
                  use GenServer
                  def init(list), do: {:ok, list}
                  def handle_call(:pop, _from, [h | t]), do: {:reply, h, t}
                  def handle_cast({:push, x}, list), do: {:noreply, [x | list]}
                end
                case GenServer.start(Stack, [:a], name: :stack) do
                  {:ok, _} -> :ok
                  {:error, {:already_started, _}} -> :ok
                end
                """);
        try (Node java = RpcInteropTest.javaNode(PEERS.epmdPort()); Mailbox self = java.mailbox()) {
            Atom node = Atom.of(elixir.nodeName());
            GenServer.cast(self, Atom.of("stack"), node, Tuple.of(Atom.of("push"), Atom.of("b")));
            assertThat(GenServer.call(self, Atom.of("stack"), node, Atom.of("pop"), WAIT)).isEqualTo(Atom.of("b"));
            assertThatThrownBy(() -> GenServer.call(self, Atom.of("no_such_server"), node, Atom.of("pop"), WAIT))
                    .isInstanceOfSatisfying(CallException.class,
                            e -> assertThat(e.reason()).isEqualTo(Atom.of("noproc")));
            assertThatThrownBy(() -> GenServer.call(self, Atom.of("stack"), Atom.of("gone@nowhere"), Atom.of("pop"), WAIT))
                    .isInstanceOfSatisfying(CallException.class,
                            e -> assertThat(e.reason()).isEqualTo(Tuple.of(Atom.of("nodedown"), Atom.of("gone@nowhere"))));
        }
    }
}
