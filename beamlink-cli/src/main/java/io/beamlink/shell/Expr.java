package io.beamlink.shell;

import io.beamlink.term.Term;
import java.util.List;

/**
 * An expression the shell reads. Patterns (left of {@code =}, in clauses) are expressions of
 * the forms a pattern may take: literals, variables, tuples, lists, maps.
 */
sealed interface Expr {
    /** Where the expression starts, for error messages. */
    Token at();

    record Literal(Token at, Term value) implements Expr { }

    record Variable(Token at, String name) implements Expr {
        boolean isWildcard() {
            return name.equals("_");
        }
    }

    record TupleExpr(Token at, List<Expr> elements) implements Expr { }

    /** {@code [A, B | Tail]}; {@code tail} is null for a proper list. */
    record ListExpr(Token at, List<Expr> elements, Expr tail) implements Expr { }

    /** {@code #{K => V}}, or in a pattern {@code #{K := V}} ({@code exact} true). */
    record MapExpr(Token at, List<MapEntry> entries) implements Expr { }

    record MapEntry(Expr key, Expr value, boolean exact) { }

    /** {@code f(Args)} when {@code module} is null, else {@code M:F(Args)}. */
    record Call(Token at, Expr module, Expr function, List<Expr> args) implements Expr { }

    /** {@code Pattern = Expr}. */
    record Match(Token at, Expr pattern, Expr value) implements Expr { }

    /** {@code To ! Message}. */
    record Send(Token at, Expr to, Expr message) implements Expr { }

    record BinaryOp(Token at, String operator, Expr left, Expr right) implements Expr { }

    record UnaryOp(Token at, String operator, Expr operand) implements Expr { }

    /** {@code begin ... end}, and the body of a clause. */
    record Block(Token at, List<Expr> body) implements Expr { }

    record Clause(Expr pattern, List<Expr> guards, List<Expr> body) { }

    /** {@code receive Clauses after Timeout -> Body end}; {@code timeout} null without {@code after}. */
    record Receive(Token at, List<Clause> clauses, Expr timeout, List<Expr> afterBody) implements Expr { }

    record Case(Token at, Expr subject, List<Clause> clauses) implements Expr { }

    /** {@code catch Expr}. */
    record Catch(Token at, Expr body) implements Expr { }
}
