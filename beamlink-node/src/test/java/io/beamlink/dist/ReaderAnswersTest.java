package io.beamlink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reader that answers what it reads (as a node answers a monitor of a dead process) keeps
 * reading while its peer reads nothing: its answers wait in the queue, written by the writer
 * thread, instead of the reader waiting in a write. Two Beamlink nodes whose readers both
 * answered each other could otherwise each wait, with both sockets' buffers full, for the other
 * to read.
 */
class ReaderAnswersTest {
    private static final Pid FROM = new Pid(Atom.of("a@127.0.0.1"), 1, 0, 1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Small socket buffers, so that a few answers fill them (autotuning could grow them to megabytes). */
    private static final int SOCKET_BUFFER = 64 * 1024;
    private static final int REQUESTS = 64;
    /** Each answer is half a fragment: one frame, and the 64 together far more than the buffers hold. */
    private static final Binary ANSWER = Binary.of(new byte[32 * 1024]);

    @Test
    void aReaderKeepsReadingWhileItsPeerReadsNoneOfItsAnswers() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            pair.local().setSendBufferSize(SOCKET_BUFFER);
            pair.remote().setReceiveBufferSize(SOCKET_BUFFER);
            BlockingQueue<Term> requestsRead = new LinkedBlockingQueue<>();
            Connection answering = connection(pair, true, (c, message) -> {
                if (message instanceof ControlMessage.RegSend r) {
                    requestsRead.add(r.message());
                    c.send(new ControlMessage.RegSend(FROM, Atom.of("answers"), ANSWER));
                }
            });
            BlockingQueue<Term> answersRead = new LinkedBlockingQueue<>();
            Connection asking = connection(pair, false, (c, message) -> {
                if (message instanceof ControlMessage.RegSend r) {
                    answersRead.add(r.message());
                }
            });
            answering.start();
            for (int i = 0; i < REQUESTS; i++) {
                // One at a time, so that each answer is a lone send (a burst goes to the writer thread anyway).
                asking.send(new ControlMessage.RegSend(FROM, Atom.of("requests"), Int.of(i)));
                Term read = requestsRead.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(read).as("request %d read while %d bytes of answers wait", i,
                        answering.stats().queuedBytes()).isEqualTo(Int.of(i));
            }
            assertThat(answering.isOpen()).isTrue();

            asking.start();
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(answersRead.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("answer %d", i).isEqualTo(ANSWER);
            }
            answering.close(Atom.of("test_over"), "test over");
            asking.close(Atom.of("test_over"), "test over");
        }
    }

    /** What a test's connection does with what its reader dispatches. */
    private interface OnMessage {
        void onMessage(Connection connection, ControlMessage message);
    }

    private static Connection connection(SocketPair pair, boolean local, OnMessage onMessage) throws Exception {
        String peer = local ? "b@127.0.0.1" : "a@127.0.0.1";
        return new Connection(local ? pair.local() : pair.remote(), new HandshakeResult(peer,
                LoopbackConnections.FLAGS, 5, LoopbackConnections.FLAGS, local, Duration.ZERO),
                ConnectionSettings.DEFAULTS, new Connection.Listener() {
                    @Override
                    public void onMessage(Connection c, ControlMessage message) {
                        onMessage.onMessage(c, message);
                    }

                    @Override
                    public void onClosed(Connection c, Term reason) {
                    }
                });
    }
}
