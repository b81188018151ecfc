package io.beamlink.shell;

import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.process.ProcessBody;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * The processes the shell can spawn, as {@code spawn(beamlink, Name, Args)}: the shell has no
 * funs, so it offers a few ready-made behaviours to send to, link to and monitor.
 * <ul>
 *   <li>{@code echo, []}: answers {@code {From, Msg}} with {@code From ! {self(), Msg}}</li>
 *   <li>{@code counter, []}: counts messages; answers {@code {From, get}} with {@code From ! {count, N}}</li>
 *   <li>{@code exit_after, [Millis, Reason]}: exits with Reason after Millis (for links and monitors)</li>
 * </ul>
 * Each ends normally on {@code stop}.
 */
final class BuiltInBehaviours {
    static final String MODULE = "beamlink";
    private static final Atom STOP = Atom.of("stop");
    private static final Atom GET = Atom.of("get");

    private BuiltInBehaviours() {
    }

    /** The body of behaviour {@code name} with {@code args}. */
    static ProcessBody body(Atom name, List<Term> args) throws ShellException {
        return switch (name.name()) {
            case "echo" -> {
                requireArity(args, 0);
                yield BuiltInBehaviours::echo;
            }
            case "counter" -> {
                requireArity(args, 0);
                yield BuiltInBehaviours::counter;
            }
            case "exit_after" -> {
                requireArity(args, 2);
                if (!(args.get(0) instanceof Int(long millis)) || millis < 0) {
                    throw ShellException.badarg();
                }
                Term reason = args.get(1);
                yield self -> exitAfter(self, Duration.ofMillis(millis), reason);
            }
            default -> throw ShellException.error(Atom.of("undef"))
                    .in(MODULE + ":" + name.name() + "/" + args.size());
        };
    }

    private static void requireArity(List<Term> args, int arity) throws ShellException {
        if (args.size() != arity) {
            throw ShellException.badarg();
        }
    }

    private static void echo(Mailbox self) throws InterruptedException {
        while (true) {
            Term message = self.receive();
            if (message.equals(STOP)) {
                return;
            }
            if (message instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
                self.send(from, Tuple.of(self.self(), t.get(1)));
            }
        }
    }

    private static void counter(Mailbox self) throws InterruptedException {
        long count = 0;
        while (true) {
            Term message = self.receive();
            if (message.equals(STOP)) {
                return;
            }
            if (message instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from && t.get(1).equals(GET)) {
                self.send(from, Tuple.of(Atom.of("count"), Int.of(count)));
            } else {
                count++;
            }
        }
    }

    private static void exitAfter(Mailbox self, Duration delay, Term reason) throws InterruptedException {
        if (self.receive(m -> m.equals(STOP) ? m : null, delay) == null) {
            throw new ExitException(reason);
        }
    }
}
