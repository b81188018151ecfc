package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A mailbox against a list as the model: any mix of sends, plain receives and selective
 * receives (by remainder, so that matches sit anywhere: among messages taken earlier, among
 * new arrivals, or nowhere) takes exactly the message the model says, and leaves the rest in
 * order.
 */
class MailboxOrderPropertyTest {
    private static Node node;

    @BeforeContainer
    static void startNode() throws IOException {
        node = Node.start(NodeConfig.builder().build());
    }

    @AfterContainer
    static void closeNode() {
        node.close();
    }

    /**
     * Sends {@code count} numbers, or receives: any message when {@code remainder} is negative
     * (with the plain receive when there is one), else the first whose remainder by 5 it is.
     */
    record Step(boolean send, int count, int remainder) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> sends = Arbitraries.integers().between(1, 6).map(n -> new Step(true, n, 0));
        Arbitrary<Step> receives = Arbitraries.integers().between(-1, 4).map(r -> new Step(false, 0, r));
        return Arbitraries.oneOf(sends, receives).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void receivesTakeWhatAListWouldGive(@ForAll("steps") List<Step> steps) throws InterruptedException {
        List<Integer> model = new ArrayList<>();
        int next = 0;
        try (Mailbox box = node.mailbox()) {
            for (Step step : steps) {
                if (step.send()) {
                    for (int i = 0; i < step.count(); i++, next++) {
                        box.send(box.self(), Int.of(next));
                        model.add(next);
                    }
                    continue;
                }
                int remainder = step.remainder();
                Integer expected = model.stream().filter(n -> remainder < 0 || n % 5 == remainder).findFirst()
                        .orElse(null);
                Term got = remainder < 0 && expected != null
                        ? box.receive()
                        : box.receive(m -> remainder < 0 || ((Int) m).value() % 5 == remainder ? m : null,
                                Duration.ZERO);
                assertThat(got).isEqualTo(expected == null ? null : Int.of(expected));
                model.remove(expected);
            }
            List<Term> left = new ArrayList<>();
            for (Term m = box.receive(Duration.ZERO); m != null; m = box.receive(Duration.ZERO)) {
                left.add(m);
            }
            assertThat(left).isEqualTo(model.stream().map(n -> (Term) Int.of(n)).toList());
        }
    }
}
