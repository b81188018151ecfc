package io.beamlink.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.term.Atom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Evaluation on an undistributed node: what erl's shell prints for the same input. */
class ShellSessionTest {
    private Node node;
    private ShellSession shell;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        node = Node.start(NodeConfig.builder().build());
        shell = new ShellSession(node, new PrintStream(output, true, StandardCharsets.UTF_8), () -> { });
    }

    @AfterEach
    void stop() {
        shell.close();
        node.close();
    }

    private String run(String text) {
        output.reset();
        shell.evaluateAll(text);
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsValuesAsErlDoes() {
        assertThat(run("{ok, [1, 2.5, \"abc\", <<\"bin\">>, #{k => v}, 'Quoted', [a | b], $a, 16#ff]}."))
                .isEqualTo("{ok,[1,2.5,\"abc\",<<\"bin\">>,#{k => v},'Quoted',[a|b],97,255]}\n");
        assertThat(run("\"ab\" \"cd\".")).isEqualTo("\"abcd\"\n");
        assertThat(run("1 + 2 * 3 - 4 div 3, 7 rem 4.")).isEqualTo("3\n");
        assertThat(run("[1, 2] ++ [3] -- [1].")).isEqualTo("[1,2,3]\n");
        assertThat(run("1 == 1.0 andalso 1 =/= 1.0 andalso not (a > b).")).isEqualTo("true\n");
        assertThat(run("10 / 4.")).isEqualTo("2.5\n");
        assertThat(run("node().")).isEqualTo("nonode@nohost\n");
    }

    @Test
    void variablesAreBoundOnceAndAFailedCommandBindsNothing() {
        assertThat(run("X = 1.")).isEqualTo("1\n");
        assertThat(run("X = 2.")).isEqualTo("** exception error: no match of right hand side value 2\n");
        assertThat(run("{X, Y} = {1, two}.")).isEqualTo("{1,two}\n");
        assertThat(run("Z = 5, X = 3.")).isEqualTo("** exception error: no match of right hand side value 3\n");
        assertThat(run("Z.")).isEqualTo("* 1:1: variable 'Z' is unbound\n");
        assertThat(run("[H | T] = [a, b, c], {H, T}.")).isEqualTo("{a,[b,c]}\n");
        assertThat(run("#{k := V} = #{k => 7, j => 8}, V.")).isEqualTo("7\n");
        assertThat(run("f(X), X = 9.")).isEqualTo("9\n");
        assertThat(run("b().")).contains("X = 9\n", "Y = two\n").endsWith("ok\n");
        assertThat(run("f(), Y = 3.")).isEqualTo("3\n");
    }

    @Test
    void mistakesPrintAnErrorAndTheShellGoesOn() {
        assertThat(run("foo:bar(1).")).isEqualTo("** exception error: undefined function foo:bar/1\n");
        assertThat(run("nosuch().")).isEqualTo("** exception error: undefined shell command nosuch/0\n");
        assertThat(run("register(1, self()).")).isEqualTo("** exception error: bad argument\n"
                + "     in function  register/2\n");
        assertThat(run("1 + a.")).isEqualTo(
                "** exception error: an error occurred when evaluating an arithmetic expression\n");
        assertThat(run("{a, .")).isEqualTo("* 1:5: syntax error before: '.'\n");
        assertThat(run("case 3 of 1 -> one end.")).isEqualTo("** exception error: no case clause matching 3\n");
        assertThat(run("exit(bye).")).isEqualTo("** exception exit: bye\n");
        assertThat(run("catch throw(x).")).isEqualTo("x\n");
        assertThat(run("error({my, reason}).")).isEqualTo("** exception error: {my,reason}\n     in function  error/1\n");
        assertThat(run("catch exit(x).")).isEqualTo("{'EXIT',x}\n");
        assertThat(run("\"open string.")).startsWith("* 1:1: unterminated string");
        assertThat(run("ok.")).isEqualTo("ok\n");
    }

    @Test
    void outcomesTellFailuresFromSuccessesAndQuit() {
        assertThat(shell.evaluateAll("1. foo:bar(). q(). 2.")).containsExactly(ShellSession.Outcome.OK,
                ShellSession.Outcome.FAILED, ShellSession.Outcome.QUIT);
    }

    @Test
    void sendReceiveAndFlush() {
        assertThat(run("self() ! hello, self() ! {data, 42}.")).isEqualTo("{data,42}\n");
        assertThat(run("receive {data, N} when N > 40 -> N after 1000 -> timeout end.")).isEqualTo("42\n");
        assertThat(run("flush().")).isEqualTo("Shell got hello\nok\n");
        assertThat(run("receive _ -> got after 0 -> nothing end.")).isEqualTo("nothing\n");
        assertThat(run("register(me, self()), me ! by_name, whereis(me) =:= self().")).isEqualTo("true\n");
        assertThat(run("lists:member(me, registered()).")).contains("undefined function lists:member/2");
        assertThat(run("flush(), unregister(me), whereis(me).")).isEqualTo("Shell got by_name\nundefined\n");
        assertThat(run("nobody ! x.")).isEqualTo("** exception error: bad argument\n     in function  erlang:send/2\n");
    }

    @Test
    void aKilledShellRestartsWithANewPid() {
        run("P = self().");
        assertThat(run("exit(self(), kill).")).isEqualTo("true\n** exception exit: killed\n");
        assertThat(run("self() =/= P.")).isEqualTo("true\n");
        assertThat(node.processes().registered()).doesNotContain(Atom.of("me"));
    }

    @Test
    void builtInBehavioursToSendLinkAndMonitor() {
        assertThat(run("E = spawn(beamlink, echo, []), E ! {self(), ping}, receive {E, R} -> R after 10000 -> timeout end."))
                .isEqualTo("ping\n");
        assertThat(run("C = spawn(beamlink, counter, []), C ! a, C ! b, C ! {self(), get},"
                + " receive {count, N} -> N after 10000 -> timeout end.")).isEqualTo("2\n");
        assertThat(run("{P, Ref} = spawn_monitor(beamlink, exit_after, [10, boom]),"
                + " receive {'DOWN', Ref, process, P, Why} -> Why after 10000 -> timeout end.")).isEqualTo("boom\n");
        assertThat(run("process_flag(trap_exit, true), L = spawn_link(beamlink, exit_after, [10, bang]),"
                + " receive {'EXIT', L, Why2} -> Why2 after 10000 -> timeout end.")).isEqualTo("bang\n");
        assertThat(run("spawn(beamlink, nosuch, []).")).isEqualTo("** exception error: undefined function beamlink:nosuch/0\n");
        assertThat(run("spawn(lists, reverse, [[]]).")).isEqualTo("** exception error: undefined function lists:reverse/1\n");
        assertThat(run("E ! stop, timer:sleep(50), is_process_alive(E).")).isEqualTo("false\n");
    }

    @Test
    void aLinkedProcessThatDiesTakesTheShellWithItAndTheShellRestarts() {
        assertThat(run("spawn_link(beamlink, exit_after, [0, crash]), receive x -> x after 10000 -> timeout end."))
                .isEqualTo("** exception exit: crash\n");
        assertThat(run("1.")).isEqualTo("1\n");
    }

    @Test
    void hostileInputIsASyntaxErrorNotACrash() {
        assertThat(run("(".repeat(5000) + "1" + ")".repeat(5000) + "."))
                .startsWith("* 1:").contains("nested deeper than");
        assertThat(run("[" .repeat(3000) + "."))
                .startsWith("* 1:");
        assertThat(run("a" + "\u0001" + ".")).isEqualTo("* 1:2: illegal character \\x{1}\n");
        assertThat(run("'" + "a".repeat(300) + "'.")).startsWith("* 1:1:");
    }

    @Test
    void splitterFindsFullStopsOutsideStringsCommentsAndCharacters() {
        CommandSplitter.Split split = CommandSplitter.split("a. \"x. y\". $. . 1.5. % c. \n 'q. r'. b");
        assertThat(split.commands()).isEqualTo(List.of("a", "\"x. y\"", "$. ", "1.5", "% c. \n 'q. r'"));
        assertThat(split.rest()).isEqualTo(" b");
        assertThat(split.pending()).isTrue();
        assertThat(CommandSplitter.split("x. % trailing\n").pending()).isFalse();
    }
}
