package io.beamlink.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.beamlink.LocalNode;
import io.beamlink.Node;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GenServer's callbacks on one node: replies from elsewhere, handle_info, call timeouts, stop and terminate. */
class GenServerTest {
    @RegisterExtension
    final LocalNode local = new LocalNode();

    private static final Duration WAIT = Duration.ofSeconds(10);
    static final Atom WAIT_FOR_RELEASE = Atom.of("wait");
    static final Atom WAITING = Atom.of("waiting");
    static final Atom RELEASE = Atom.of("release");
    private static final Atom INFOS = Atom.of("infos");
    private static final Atom STOP = Atom.of("stop");

    /**
     * Holds {@code wait} calls until a {@code {release, Reply}} cast answers them all (from the
     * cast's handler, not the calls'); counts other messages; reports its terminate.
     */
    static final class Deferring implements GenServer<Deferring.State> {
        static final class State {
            final Mailbox self;
            final List<From> waiting = new ArrayList<>();
            int infos;

            State(Mailbox self) {
                this.self = self;
            }
        }

        private final BlockingQueue<Term> terminated;

        Deferring(BlockingQueue<Term> terminated) {
            this.terminated = terminated;
        }

        @Override
        public State init(Mailbox self, Term args) {
            return new State(self);
        }

        @Override
        public Next<State> handleCall(Term request, From from, State state) {
            if (request.equals(WAIT_FOR_RELEASE)) {
                state.waiting.add(from);
                return Next.noreply(state);
            }
            if (request.equals(WAITING)) {
                return Next.reply(Int.of(state.waiting.size()), state);
            }
            if (request.equals(INFOS)) {
                return Next.reply(Int.of(state.infos), state);
            }
            if (request.equals(STOP)) {
                return Next.stop(Atom.of("done"), Atom.OK, state);
            }
            return Next.reply(Atom.of("unknown"), state);
        }

        @Override
        public Next<State> handleCast(Term request, State state) {
            if (request instanceof Tuple t && t.isTagged(RELEASE, 2)) {
                for (From from : state.waiting) {
                    GenServer.reply(state.self, from, t.get(1));
                }
                state.waiting.clear();
            }
            return Next.noreply(state);
        }

        @Override
        public Next<State> handleInfo(Term message, State state) {
            state.infos++;
            return Next.noreply(state);
        }

        @Override
        public void terminate(Term reason, State state) {
            terminated.add(reason);
        }
    }

    /** Calls {@code request} from a process of its own; the future has the reply or the failure's reason. */
    private CompletableFuture<Term> callFromAProcess(Pid server, Term request) {
        CompletableFuture<Term> result = new CompletableFuture<>();
        local.node().spawn(self -> {
            try {
                result.complete(GenServer.call(self, server, request, WAIT));
            } catch (CallException e) {
                result.complete(Tuple.of(Atom.of("failed"), e.reason()));
            }
        });
        return result;
    }

    @Test
    void repliesFromElsewhereInfosTimeoutsAndStop() throws Exception {
        Node node = local.node();
        BlockingQueue<Term> terminated = new LinkedBlockingQueue<>();
        Pid server = GenServer.start(node, new Deferring(terminated), Atom.NIL, null);
        try (Mailbox self = node.mailbox()) {
            CompletableFuture<Term> first = callFromAProcess(server, WAIT_FOR_RELEASE);
            CompletableFuture<Term> second = callFromAProcess(server, WAIT_FOR_RELEASE);
            await().atMost(WAIT).until(() -> GenServer.call(self, server, WAITING, WAIT).equals(Int.of(2)));
            assertThat(first).isNotDone();
            GenServer.cast(self, server, Tuple.of(RELEASE, Atom.of("hello")));
            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("hello"));
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("hello"));

            for (int i = 0; i < 3; i++) {
                self.send(server, Tuple.of(Atom.of("note"), Int.of(i)));
            }
            // From one sender, the messages arrive before the call.
            assertThat(GenServer.call(self, server, INFOS, WAIT)).isEqualTo(Int.of(3));

            assertThatThrownBy(() -> GenServer.call(self, server, WAIT_FOR_RELEASE, Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(CallException.class,
                            e -> assertThat(e.reason()).isEqualTo(Atom.of("timeout")));
            assertThat(GenServer.call(self, server, WAITING, WAIT)).isEqualTo(Int.of(1));

            Ref watch = self.monitor(server);
            assertThat(GenServer.call(self, server, STOP, WAIT)).isEqualTo(Atom.OK);
            assertThat(terminated.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("done"));
            Term downReason = self.receive(m -> m instanceof Tuple t && t.arity() == 5 && t.get(1).equals(watch)
                    ? t.get(4) : null, WAIT);
            assertThat(downReason).isEqualTo(Atom.of("done"));
            assertThatThrownBy(() -> GenServer.call(self, server, INFOS, WAIT))
                    .isInstanceOfSatisfying(CallException.class,
                            e -> assertThat(e.reason()).isEqualTo(Atom.of("noproc")));
        }
    }
}
