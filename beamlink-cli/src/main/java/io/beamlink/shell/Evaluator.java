package io.beamlink.shell;

import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.process.ExitReasons;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Evaluates what the {@link Parser} read: matches with variables bound once, sends, calls of
 * the shell's {@link FunctionTable}, {@code receive} on the shell's mailbox, {@code case} and
 * {@code catch}. Evaluation runs into a copy of the bindings; the caller keeps them only when
 * the whole command succeeded, as erl does.
 */
final class Evaluator {
    private static final Atom INFINITY = Atom.of("infinity");
    /** Only these calls may appear in guards: they are quick and have no side effects. */
    private static final Set<String> GUARD_BIFS = Set.of("is_atom", "is_binary", "is_boolean", "is_float",
            "is_integer", "is_list", "is_map", "is_number", "is_pid", "is_reference", "is_tuple", "element",
            "hd", "tl", "length", "tuple_size", "map_size", "node", "self", "abs");

    private final FunctionTable functions;
    private final Supplier<Mailbox> self;
    /** True while a guard is evaluated (on the receiving thread, under the mailbox's lock). */
    private boolean inGuard;

    Evaluator(FunctionTable functions, Supplier<Mailbox> self) {
        this.functions = functions;
        this.self = self;
    }

    /** Evaluates a sequence; its value is the last expression's. */
    Term evaluateBody(List<Expr> body, Bindings bindings)
            throws ShellException, ShellSyntaxException, InterruptedException {
        Term value = Atom.OK;
        for (Expr e : body) {
            value = evaluate(e, bindings);
        }
        return value;
    }

    Term evaluate(Expr expr, Bindings b) throws ShellException, ShellSyntaxException, InterruptedException {
        return switch (expr) {
            case Expr.Literal l -> l.value();
            case Expr.Variable v -> variable(v, b);
            case Expr.TupleExpr t -> Tuple.of(evaluateAll(t.elements(), b));
            case Expr.ListExpr l -> ErlList.of(evaluateAll(l.elements(), b),
                    l.tail() == null ? Nil.NIL : evaluate(l.tail(), b));
            case Expr.MapExpr m -> map(m, b);
            case Expr.Call c -> call(c, b);
            case Expr.Match m -> {
                Term value = evaluate(m.value(), b);
                checkPattern(m.pattern());
                if (!match(m.pattern(), value, b)) {
                    throw ShellException.badmatch(value);
                }
                yield value;
            }
            case Expr.Send s -> send(evaluate(s.to(), b), evaluate(s.message(), b));
            case Expr.BinaryOp op -> binaryOperation(op, b);
            case Expr.UnaryOp op -> Arithmetic.unary(op.operator(), evaluate(op.operand(), b));
            case Expr.Block block -> evaluateBody(block.body(), b);
            case Expr.Receive r -> receive(r, b);
            case Expr.Case c -> caseOf(c, b);
            case Expr.Catch c -> catchOf(c, b);
        };
    }

    private Term variable(Expr.Variable v, Bindings b) throws ShellSyntaxException {
        if (v.isWildcard()) {
            throw new ShellSyntaxException("variable '_' is unbound", v.at().line(), v.at().column());
        }
        Term value = b.get(v.name());
        if (value == null) {
            throw new ShellSyntaxException("variable '" + v.name() + "' is unbound", v.at().line(), v.at().column());
        }
        return value;
    }

    private List<Term> evaluateAll(List<Expr> exprs, Bindings b)
            throws ShellException, ShellSyntaxException, InterruptedException {
        List<Term> values = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            values.add(evaluate(e, b));
        }
        return values;
    }

    private Term map(Expr.MapExpr m, Bindings b) throws ShellException, ShellSyntaxException, InterruptedException {
        Map<Term, Term> entries = new LinkedHashMap<>();
        for (Expr.MapEntry entry : m.entries()) {
            if (entry.exact()) {
                throw new ShellSyntaxException("only '=>' builds a map; ':=' belongs in patterns", m.at().line(),
                        m.at().column());
            }
            entries.put(evaluate(entry.key(), b), evaluate(entry.value(), b));
        }
        return ErlMap.of(entries);
    }

    private Term binaryOperation(Expr.BinaryOp op, Bindings b)
            throws ShellException, ShellSyntaxException, InterruptedException {
        return switch (op.operator()) {
            case "andalso" -> Arithmetic.bool(evaluate(op.left(), b)) ? evaluate(op.right(), b) : Atom.FALSE;
            case "orelse" -> Arithmetic.bool(evaluate(op.left(), b)) ? Atom.TRUE : evaluate(op.right(), b);
            default -> Arithmetic.binary(op.operator(), evaluate(op.left(), b), evaluate(op.right(), b));
        };
    }

    /** {@code To ! Msg} is {@code erlang:send(To, Msg)}. */
    private Term send(Term to, Term message) throws ShellException, InterruptedException {
        FunctionTable.Entry send = functions.find(Atom.of("erlang"), Atom.of("send"), 2);
        try {
            return send.code().apply(List.of(to, message));
        } catch (ShellException e) {
            throw e.in(send.displayName());
        }
    }

    private Term call(Expr.Call c, Bindings b) throws ShellException, ShellSyntaxException, InterruptedException {
        Term moduleValue = c.module() == null ? null : evaluate(c.module(), b);
        Term functionValue = evaluate(c.function(), b);
        if (!(functionValue instanceof Atom function) || moduleValue != null && !(moduleValue instanceof Atom)) {
            throw ShellException.badarg();
        }
        Atom module = (Atom) moduleValue;
        if (module == null && function.name().equals("f") && c.args().size() == 1
                && c.args().getFirst() instanceof Expr.Variable v) {
            b.forget(v.name());
            return Atom.OK;
        }
        if (module == null && function.name().equals("f") && c.args().isEmpty()) {
            b.forgetAll();
            return Atom.OK;
        }
        int arity = c.args().size();
        if (inGuard && (module != null && !module.name().equals("erlang") || !GUARD_BIFS.contains(function.name()))) {
            throw new ShellSyntaxException("illegal guard expression", c.at().line(), c.at().column());
        }
        FunctionTable.Entry entry = module == null ? functions.findLocal(function, arity)
                : functions.find(module, function, arity);
        if (entry == null) {
            throw module == null
                    ? ShellException.error(Atom.of("undef")).in("shell command " + function.name() + "/" + arity)
                    : ShellException.error(Atom.of("undef")).in(module.name() + ":" + function.name() + "/" + arity);
        }
        List<Term> args = evaluateAll(c.args(), b);
        try {
            return entry.code().apply(args);
        } catch (ShellException e) {
            throw e.in(entry.displayName());
        } catch (ExitException e) {
            throw e;
        } catch (RuntimeException e) {
            // The node refused (a bad name, a stopped node): an error the user sees, not a crash.
            throw ShellException.error(ExitReasons.javaException(e)).in(entry.displayName());
        }
    }

    private boolean guardHolds(List<Expr> guards, Bindings b) throws ShellSyntaxException, InterruptedException {
        boolean outer = inGuard;
        inGuard = true;
        try {
            for (Expr guard : guards) {
                if (!Atom.TRUE.equals(evaluate(guard, b))) {
                    return false;
                }
            }
            return true;
        } catch (ShellException e) {
            return false; // an exception in a guard makes it fail, as in Erlang
        } finally {
            inGuard = outer;
        }
    }

    private Term receive(Expr.Receive r, Bindings b) throws ShellException, ShellSyntaxException, InterruptedException {
        for (Expr.Clause clause : r.clauses()) {
            checkPattern(clause.pattern());
        }
        Duration timeout = r.timeout() == null ? null : timeout(evaluate(r.timeout(), b));
        Mailbox mailbox = self.get();
        ClauseMatch matched;
        if (r.clauses().isEmpty()) {
            matched = null;
            if (timeout != null && !timeout.isZero()) {
                Thread.sleep(timeout);
            }
        } else {
            matched = mailbox.receive(message -> firstMatchingClause(r.clauses(), message, b), timeout);
        }
        if (matched == null) {
            return evaluateBody(r.afterBody(), b);
        }
        if (matched.syntaxError() != null) {
            throw matched.syntaxError();
        }
        b.replaceWith(matched.bindings());
        return evaluateBody(matched.clause().body(), b);
    }

    /** A clause that matched, with the bindings it made (or the error its guard raised). */
    private record ClauseMatch(Expr.Clause clause, Bindings bindings, ShellSyntaxException syntaxError) {
    }

    private ClauseMatch firstMatchingClause(List<Expr.Clause> clauses, Term value, Bindings b) {
        try {
            for (Expr.Clause clause : clauses) {
                Bindings attempt = b.copy();
                if (match(clause.pattern(), value, attempt) && guardHolds(clause.guards(), attempt)) {
                    return new ClauseMatch(clause, attempt, null);
                }
            }
            return null;
        } catch (ShellSyntaxException e) {
            return new ClauseMatch(null, b, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Duration timeout(Term value) throws ShellException {
        if (value.equals(INFINITY)) {
            return null;
        }
        if (value instanceof Int(long ms) && ms >= 0) {
            return Duration.ofMillis(ms);
        }
        throw ShellException.error(Atom.of("timeout_value"));
    }

    private Term caseOf(Expr.Case c, Bindings b) throws ShellException, ShellSyntaxException, InterruptedException {
        Term subject = evaluate(c.subject(), b);
        for (Expr.Clause clause : c.clauses()) {
            checkPattern(clause.pattern());
        }
        ClauseMatch matched = firstMatchingClause(c.clauses(), subject, b);
        if (matched == null) {
            throw ShellException.error(Tuple.of(Atom.of("case_clause"), subject));
        }
        if (matched.syntaxError() != null) {
            throw matched.syntaxError();
        }
        b.replaceWith(matched.bindings());
        return evaluateBody(matched.clause().body(), b);
    }

    /** {@code catch Expr}: the value, or what erl's catch gives for each class of exception. */
    private Term catchOf(Expr.Catch c, Bindings b) throws ShellSyntaxException, InterruptedException {
        try {
            return evaluate(c.body(), b);
        } catch (ShellException e) {
            if (e.kind().equals(ShellException.THROW)) {
                return e.reason();
            }
            if (e.kind().equals(ShellException.EXIT)) {
                return Tuple.of(Atom.of("EXIT"), e.reason());
            }
            return Tuple.of(Atom.of("EXIT"), Tuple.of(e.reason(), Nil.NIL));
        }
    }

    /** Refuses expressions that cannot be patterns (calls, sends, operators other than a negative number). */
    static void checkPattern(Expr pattern) throws ShellSyntaxException {
        switch (pattern) {
            case Expr.Literal l -> { }
            case Expr.Variable v -> { }
            case Expr.TupleExpr t -> {
                for (Expr e : t.elements()) {
                    checkPattern(e);
                }
            }
            case Expr.ListExpr l -> {
                for (Expr e : l.elements()) {
                    checkPattern(e);
                }
                if (l.tail() != null) {
                    checkPattern(l.tail());
                }
            }
            case Expr.MapExpr m -> {
                for (Expr.MapEntry entry : m.entries()) {
                    if (!entry.exact() || !(entry.key() instanceof Expr.Literal)) {
                        throw new ShellSyntaxException("illegal map pattern: write #{Key := Pattern} with literal keys",
                                m.at().line(), m.at().column());
                    }
                    checkPattern(entry.value());
                }
            }
            case Expr.UnaryOp op when op.operator().equals("-") && op.operand() instanceof Expr.Literal -> { }
            case Expr.Match m -> {
                checkPattern(m.pattern());
                checkPattern(m.value());
            }
            default -> throw new ShellSyntaxException("illegal pattern", pattern.at().line(), pattern.at().column());
        }
    }

    /** Matches a checked pattern, binding its unbound variables in {@code b}. */
    boolean match(Expr pattern, Term value, Bindings b) throws ShellSyntaxException {
        switch (pattern) {
            case Expr.Literal l -> {
                return l.value().equals(value);
            }
            case Expr.Variable v -> {
                if (v.isWildcard()) {
                    return true;
                }
                Term bound = b.get(v.name());
                if (bound == null) {
                    b.bind(v.name(), value);
                    return true;
                }
                return bound.equals(value);
            }
            case Expr.TupleExpr t -> {
                if (!(value instanceof Tuple tuple) || tuple.arity() != t.elements().size()) {
                    return false;
                }
                for (int i = 0; i < tuple.arity(); i++) {
                    if (!match(t.elements().get(i), tuple.get(i), b)) {
                        return false;
                    }
                }
                return true;
            }
            case Expr.ListExpr l -> {
                return matchList(l, value, b);
            }
            case Expr.MapExpr m -> {
                if (!(value instanceof ErlMap map)) {
                    return false;
                }
                for (Expr.MapEntry entry : m.entries()) {
                    Term v = map.get(((Expr.Literal) entry.key()).value());
                    if (v == null || !match(entry.value(), v, b)) {
                        return false;
                    }
                }
                return true;
            }
            case Expr.UnaryOp op -> {
                try {
                    return Arithmetic.unary("-", ((Expr.Literal) op.operand()).value()).equals(value);
                } catch (ShellException e) {
                    return false;
                }
            }
            case Expr.Match m -> {
                return match(m.pattern(), value, b) && match(m.value(), value, b);
            }
            default -> throw new ShellSyntaxException("illegal pattern", pattern.at().line(), pattern.at().column());
        }
    }

    private boolean matchList(Expr.ListExpr l, Term value, Bindings b) throws ShellSyntaxException {
        List<Expr> patterns = l.elements();
        if (patterns.isEmpty()) {
            return l.tail() == null ? value instanceof Nil : match(l.tail(), value, b);
        }
        if (!(value instanceof ErlList list)) {
            return false;
        }
        List<Term> elements = list.elements();
        if (elements.size() < patterns.size() || l.tail() == null && elements.size() != patterns.size()) {
            return false;
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (!match(patterns.get(i), elements.get(i), b)) {
                return false;
            }
        }
        if (l.tail() == null) {
            return list.tail() instanceof Nil;
        }
        return match(l.tail(), ErlList.of(elements.subList(patterns.size(), elements.size()), list.tail()), b);
    }
}
