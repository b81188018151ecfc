package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** {@code beamlink demo} in-process, without a terminal, as CI runs it; erl is installed here. */
class DemoCommandTest {

    @Test
    void theTourRunsEveryStepWithARealErlangNodeAndStopsAllItStarted() throws Exception {
        Set<Long> before = childPids();
        CommandRun run = CommandRun.of("", "demo");
        String out = run.stdoutText();
        assertThat(run.exitCode()).as(out).isZero();
        assertThat(out)
                .contains("epmd: ", "registering 'alpha:", "registering 'beta:")
                .contains("(alpha@127.0.0.1)3> net_kernel:connect_node('beta@127.0.0.1').")
                .contains("['beta@127.0.0.1']", "['alpha@127.0.0.1']")
                .contains("Shell got {hello,from,'alpha@127.0.0.1'}")
                .contains("(mallory@127.0.0.1)1> net_adm:ping('alpha@127.0.0.1').\n")
                .contains("erl | erlang@127.0.0.1 got hello_erlang")
                .contains("{ack,'erlang@127.0.0.1',['alpha@127.0.0.1']}")
                .contains("{nodedown,'gamma@127.0.0.1'}")
                .containsPattern("Port +Module +Recv +Sent +Owner")
                .contains("ACCEPTING", "CONNECTED(O)")
                .contains("{state,'alpha@127.0.0.1',longnames,")
                .containsPattern("Shell got \\{trace_ts,<0\\.\\d+\\.0>,send,\\{frame,\\d+,\\{reg_send,<0\\.\\d+\\.0>,inbox,traced\\}\\}")
                .contains("io.beamlink:type=Connection,node=alpha@127.0.0.1,peer=beta@127.0.0.1")
                .endsWith("Everything the demo started is stopped.\n");
        assertThat(out.substring(out.indexOf("(mallory@127.0.0.1)1>")).lines().skip(1)
                .filter(l -> !l.startsWith("  epmd |")).findFirst()).hasValue("pang");
        assertThat(out).doesNotContain("timeout\n");
        assertThat(childPids()).as("processes the demo started").isSubsetOf(before);
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.beamlink:*"), null))
                .isEmpty();
    }

    @Test
    void withoutErlangTheTourSaysSoAndGoesOnWithJavaNodes() {
        CommandRun run = CommandRun.of("", "demo", "--java-only");
        String out = run.stdoutText();
        assertThat(run.exitCode()).as(out).isZero();
        assertThat(out).contains("A real Erlang node: skipped", "the tour goes on with Java nodes only")
                .doesNotContain("erl |")
                .contains("{nodedown,'gamma@127.0.0.1'}", "Shell got {hello,from,'alpha@127.0.0.1'}");
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
