package io.beamlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Evaluation on one undistributed host peer shared by the class. */
class OtpPeerEvalTest {

    private static OtpPeer peer;

    @BeforeAll
    static void startPeer() {
        peer = OtpPeer.builder().noDistribution().start();
    }

    @AfterAll
    static void stopPeer() {
        peer.close();
    }

    @Test
    void evaluatesExpressionsWithOrWithoutFinalDot() {
        assertThat(peer.eval("1 + 1")).isEqualTo("2");
        assertThat(peer.eval("lists:seq(1, 3).")).isEqualTo("[1,2,3]");
    }

    @Test
    void bindingsPersistBetweenCalls() {
        assertThat(peer.eval("Persisted = 3, Persisted * 2")).isEqualTo("6");
        assertThat(peer.eval("Persisted + 1")).isEqualTo("4");
    }

    @Test
    void selfStaysTheSameSoMessagesWaitInItsMailbox() {
        peer.eval("self() ! hello");
        assertThat(peer.eval("receive M -> M after 1000 -> nothing end")).isEqualTo("hello");
    }

    @Test
    void resultIsPrintedOnOneLineAsOtpPrintsIt() {
        // Non-ASCII text survives the protocol; the VM's default printable range (latin1) decides how it looks.
        assertThat(peer.eval("{\"x\", 'Ünï', <<\"☃\"/utf8>>,\n #{a => [1, 2]}}"))
                .isEqualTo("{\"x\",'Ünï',<<226,152,131>>,#{a => [1,2]}}");
    }

    @Test
    void raisedExceptionsCarryClassAndReason() {
        assertThatThrownBy(() -> peer.eval("1 / 0"))
                .isInstanceOfSatisfying(OtpEvalException.class, e -> {
                    assertThat(e.error()).isEqualTo("error:badarith");
                    assertThat(e.expression()).isEqualTo("1 / 0");
                });
        assertThatThrownBy(() -> peer.eval("throw({oops, 1})"))
                .isInstanceOfSatisfying(OtpEvalException.class, e -> assertThat(e.error()).isEqualTo("throw:{oops,1}"));
        assertThat(peer.eval("ok")).isEqualTo("ok");
    }

    @Test
    void syntaxErrorsAreReportedWithTheirLine() {
        assertThatThrownBy(() -> peer.eval("foo("))
                .isInstanceOfSatisfying(OtpEvalException.class,
                        e -> assertThat(e.error()).startsWith("syntax:line 1:").contains("syntax error"));
    }

    @Test
    void aFailedMatchKeepsEarlierBindings() {
        peer.eval("Kept = 1");
        assertThatThrownBy(() -> peer.eval("Kept = 2")).isInstanceOf(OtpEvalException.class)
                .hasMessageContaining("badmatch");
        assertThat(peer.eval("Kept")).isEqualTo("1");
    }

    @Test
    void aKilledEvaluatorIsReportedAndReplaced() {
        assertThatThrownBy(() -> peer.eval("exit(self(), kill)"))
                .isInstanceOfSatisfying(OtpEvalException.class, e -> assertThat(e.error()).startsWith("exit:killed"));
        assertThat(peer.eval("2 * 21")).isEqualTo("42");
    }

    @Test
    void evalTermReturnsExternalTermFormat() {
        byte[] bytes = peer.evalTerm("{a, 1}");
        // 131 = version, 104 = SMALL_TUPLE_EXT of arity 2, then the atom and the small integer
        assertThat(bytes[0] & 0xff).isEqualTo(131);
        assertThat(peer.eval("binary_to_term(" + erlangBinary(bytes) + ")")).isEqualTo("{a,1}");
    }

    @Test
    void evalBinaryReturnsTheBytes() {
        assertThat(peer.evalBinary("<<1, 2, 255>>")).containsExactly(1, 2, 255);
        assertThat(new String(peer.evalBinary("<<\"ünïcode\"/utf8>>"), StandardCharsets.UTF_8)).isEqualTo("ünïcode");
        assertThatThrownBy(() -> peer.evalBinary("an_atom"))
                .isInstanceOfSatisfying(OtpEvalException.class,
                        e -> assertThat(e.error()).isEqualTo("error:{not_a_binary,an_atom}"));
    }

    @Test
    void printedOutputGoesToOutputLinesNotToResults() {
        assertThat(peer.eval("io:format(\"no newline here\"), 7")).isEqualTo("7");
        // io:format returns once written; the logger writes from its handler process, filesync waits for that
        assertThat(peer.eval("io:format(\"line one~nline two~n\"), logger:error(\"logged ~p\", [x]), "
                + "logger_std_h:filesync(default), 8")).isEqualTo("8");
        assertThat(peer.outputLines()).contains("no newline here", "line one", "line two");
        assertThat(peer.outputLines()).anyMatch(line -> line.contains("logged x"));
    }

    @Test
    void largeResultsSurviveTheLineProtocol() {
        assertThat(peer.evalBinary("binary:copy(<<7>>, 1000000)")).hasSize(1_000_000).containsOnly(7);
    }

    @Test
    void undistributedPeerKnowsItsNameAndPid() {
        assertThat(peer.nodeName()).isEqualTo("nonode@nohost");
        assertThat(peer.osPid()).isPositive();
        assertThat(peer.release()).isEqualTo(OtpRelease.host());
    }

    private static String erlangBinary(byte[] bytes) {
        StringBuilder text = new StringBuilder("<<");
        for (int i = 0; i < bytes.length; i++) {
            text.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        return text.append(">>").toString();
    }
}
