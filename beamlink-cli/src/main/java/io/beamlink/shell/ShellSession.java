package io.beamlink.shell;

import io.beamlink.Node;
import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.TermPrinter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One shell on a live node, like an erl shell: a process of its own (a mailbox), variable
 * bindings, a command counter for the prompt, and the built-in functions. Each command is
 * read, evaluated and its value printed; a mistake prints an error and the session goes on.
 * Used by one thread at a time (the shell's reader, or the demo).
 */
public final class ShellSession implements AutoCloseable {
    /** What became of one command. */
    public enum Outcome {
        /** Evaluated; the value was printed. */
        OK,
        /** A syntax error or an exception; the error was printed. */
        FAILED,
        /** {@code q()} or {@code halt()}: the shell should end. */
        QUIT
    }

    private final Node node;
    private final PrintStream out;
    private final Runnable onDistributionChanged;
    private final Bindings bindings = new Bindings();
    private final FunctionTable functions = new FunctionTable();
    private final Evaluator evaluator;
    private final StandInProcesses standIns;
    private final ConnectionTracing tracing = new ConnectionTracing();
    private final NodeMonitor nodeMonitor = new NodeMonitor();
    private Mailbox self;
    private TermPrinter printer;
    private int counter = 1;
    private boolean quitRequested;

    /**
     * @param onDistributionChanged run after {@code net_kernel:start/stop} from the shell (the
     *     CLI refreshes its JMX beans there)
     */
    public ShellSession(Node node, PrintStream out, Runnable onDistributionChanged) {
        this.node = node;
        this.out = out;
        this.onDistributionChanged = onDistributionChanged;
        this.standIns = new StandInProcesses(node);
        this.self = node.mailbox();
        this.printer = printerFor(node);
        this.evaluator = new Evaluator(functions, () -> self);
        new ShellCommands(this).install(functions);
        new ProcessFunctions(this).install(functions);
        new DistributionFunctions(this).install(functions);
        new InspectionFunctions(this).install(functions);
        new TermFunctions().install(functions);
    }

    /** erl's prompt: {@code (app@host)1> }, or {@code 1> } without distribution. */
    public String prompt() {
        return node.isDistributed() ? "(" + node.name().name() + ")" + counter + "> " : counter + "> ";
    }

    /**
     * Evaluates every command in {@code text} (a final full stop is optional); an unfinished
     * command at the end (an open string) is reported as the syntax error it is.
     */
    public List<Outcome> evaluateAll(String text) {
        String stripped = text.strip();
        CommandSplitter.Split split = CommandSplitter.split(stripped.endsWith(".") ? stripped : stripped + ".");
        List<Outcome> outcomes = new ArrayList<>();
        for (String command : split.commands()) {
            Outcome outcome = evaluate(command);
            outcomes.add(outcome);
            if (outcome == Outcome.QUIT) {
                return outcomes;
            }
        }
        if (split.pending()) {
            outcomes.add(evaluate(split.rest()));
        }
        return outcomes;
    }

    /** Evaluates one command (its text without the full stop) and prints its value or its error. */
    public Outcome evaluate(String command) {
        restartIfDead();
        List<Expr> body;
        try {
            body = Parser.parse(command);
        } catch (ShellSyntaxException e) {
            out.println(e.erlangForm());
            return Outcome.FAILED;
        }
        if (body.isEmpty()) {
            return Outcome.OK;
        }
        Outcome outcome;
        Bindings attempt = bindings.copy();
        try {
            Term value = evaluator.evaluateBody(body, attempt);
            bindings.replaceWith(attempt);
            out.println(printer.format(value));
            outcome = quitRequested ? Outcome.QUIT : Outcome.OK;
        } catch (ShellSyntaxException e) {
            out.println(e.erlangForm());
            outcome = Outcome.FAILED;
        } catch (ShellException e) {
            out.println(ErrorFormat.format(e, printer));
            outcome = Outcome.FAILED;
        } catch (ExitException e) {
            outcome = Outcome.FAILED;
        } catch (InterruptedException e) {
            out.println("** interrupted");
            outcome = Outcome.FAILED;
        }
        counter++;
        if (restartIfDead()) {
            outcome = Outcome.FAILED;
        }
        out.flush();
        return outcome;
    }

    /** Waits until a message is waiting for the shell, at most {@code timeout}; false when none came. */
    public boolean awaitMessage(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (self.queueLength() == 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * When the shell process was killed (an exit signal, a linked process that crashed), prints
     * the reason and starts a new one, as erl does; true when that happened.
     */
    private boolean restartIfDead() {
        if (self.isAlive()) {
            return false;
        }
        Term reason = self.exitReason().orElse(Atom.of("killed"));
        out.println("** exception exit: " + printer.format(reason));
        self = node.mailbox();
        return true;
    }

    /**
     * After distribution started or stopped: pids carry the node name, so the shell takes a new
     * pid (keeping its registered name and waiting messages), and the printer its new node.
     */
    void distributionChanged() {
        Mailbox old = self;
        Mailbox fresh = node.mailbox();
        Optional<Atom> name = old.name();
        name.ifPresent(n -> {
            node.processes().unregister(n);
            node.processes().register(n, fresh);
        });
        int waiting = old.queueLength();
        try {
            for (int i = 0; i < waiting; i++) {
                Term message = old.receive(Duration.ZERO);
                if (message == null) {
                    break;
                }
                old.send(fresh.self(), message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        self = fresh;
        old.close();
        tracing.close();
        nodeMonitor.close();
        pruneStandIns();
        printer = printerFor(node);
        onDistributionChanged.run();
    }

    /** Ends stand-ins whose part is gone: a closed connection, a stopped kernel. */
    void pruneStandIns() {
        NetKernel kernel = node.netKernel().orElse(null);
        standIns.forgetUnless(part -> {
            if (kernel == null) {
                return false;
            }
            if (part.owner() instanceof Connection c) {
                return c.isOpen() && kernel.connection(c.peer()).orElse(null) == c;
            }
            if (part.owner() instanceof NetKernel k) {
                return k == kernel;
            }
            return kernel.epmdRegistration().map(r -> r == part.owner()).orElse(false);
        });
    }

    private static TermPrinter printerFor(Node node) {
        return TermPrinter.builder().localNode(node.name()).build();
    }

    Node node() {
        return node;
    }

    Mailbox self() {
        return self;
    }

    PrintStream out() {
        return out;
    }

    TermPrinter printer() {
        return printer;
    }

    Bindings bindings() {
        return bindings;
    }

    FunctionTable functions() {
        return functions;
    }

    StandInProcesses standIns() {
        return standIns;
    }

    ConnectionTracing tracing() {
        return tracing;
    }

    NodeMonitor nodeMonitor() {
        return nodeMonitor;
    }

    void requestQuit() {
        quitRequested = true;
    }

    /** Stops traces and node monitoring, and ends the shell's processes. */
    @Override
    public void close() {
        tracing.close();
        nodeMonitor.close();
        standIns.close();
        self.close();
    }
}
