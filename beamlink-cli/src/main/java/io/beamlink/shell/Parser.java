package io.beamlink.shell;

import io.beamlink.term.Term;
import io.beamlink.term.TermParseException;
import io.beamlink.term.TermParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one shell command (a sequence of expressions separated by commas) with Erlang's
 * operator precedence. Nesting is limited, so hostile input cannot overflow the stack.
 */
final class Parser {
    static final int MAX_DEPTH = 200;
    private static final Set<String> COMPARISONS = Set.of("==", "/=", "=:=", "=/=", "<", ">", "=<", ">=");
    private static final Set<String> ADDITIVE = Set.of("+", "-", "bor", "bxor", "bsl", "bsr", "or", "xor");
    private static final Set<String> MULTIPLICATIVE = Set.of("*", "/", "div", "rem", "band", "and");

    private final String text;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private Parser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** The expressions of one command, without its full stop; empty for a blank command. */
    static List<Expr> parse(String command) throws ShellSyntaxException {
        Parser parser = new Parser(command, Lexer.tokenize(command));
        if (parser.peek().kind() == Token.Kind.END) {
            return List.of();
        }
        List<Expr> body = parser.sequence();
        parser.expectEnd();
        return body;
    }

    private List<Expr> sequence() throws ShellSyntaxException {
        List<Expr> body = new ArrayList<>();
        body.add(expression());
        while (peek().isSymbol(",")) {
            index++;
            body.add(expression());
        }
        return body;
    }

    private void expectEnd() throws ShellSyntaxException {
        if (peek().kind() != Token.Kind.END) {
            throw syntaxErrorBefore(peek());
        }
    }

    private Expr expression() throws ShellSyntaxException {
        enter();
        try {
            Token start = peek();
            if (start.isKeyword("catch")) {
                index++;
                return new Expr.Catch(start, expression());
            }
            Expr left = orElse();
            Token op = peek();
            if (op.isSymbol("=") || op.isSymbol("!")) {
                index++;
                Expr right = expression();
                return op.isSymbol("=") ? new Expr.Match(op, left, right) : new Expr.Send(op, left, right);
            }
            return left;
        } finally {
            depth--;
        }
    }

    private Expr orElse() throws ShellSyntaxException {
        Expr left = andAlso();
        if (peek().isKeyword("orelse")) {
            Token op = next();
            return nested(() -> new Expr.BinaryOp(op, "orelse", left, orElse()));
        }
        return left;
    }

    private Expr andAlso() throws ShellSyntaxException {
        Expr left = comparison();
        if (peek().isKeyword("andalso")) {
            Token op = next();
            return nested(() -> new Expr.BinaryOp(op, "andalso", left, andAlso()));
        }
        return left;
    }

    private Expr comparison() throws ShellSyntaxException {
        Expr left = listOperation();
        Token op = peek();
        if (op.kind() == Token.Kind.SYMBOL && COMPARISONS.contains(op.text())) {
            index++;
            return new Expr.BinaryOp(op, op.text(), left, listOperation());
        }
        return left;
    }

    private Expr listOperation() throws ShellSyntaxException {
        Expr left = additive();
        Token op = peek();
        if (op.isSymbol("++") || op.isSymbol("--")) {
            index++;
            return nested(() -> new Expr.BinaryOp(op, op.text(), left, listOperation()));
        }
        return left;
    }

    private Expr additive() throws ShellSyntaxException {
        Expr left = multiplicative();
        while (isOperator(peek(), ADDITIVE)) {
            Token op = next();
            left = new Expr.BinaryOp(op, op.text(), left, multiplicative());
        }
        return left;
    }

    private Expr multiplicative() throws ShellSyntaxException {
        Expr left = unary();
        while (isOperator(peek(), MULTIPLICATIVE)) {
            Token op = next();
            left = new Expr.BinaryOp(op, op.text(), left, unary());
        }
        return left;
    }

    private static boolean isOperator(Token t, Set<String> operators) {
        return (t.kind() == Token.Kind.SYMBOL || t.kind() == Token.Kind.KEYWORD) && operators.contains(t.text());
    }

    private Expr unary() throws ShellSyntaxException {
        Token t = peek();
        if (t.isSymbol("-") || t.isSymbol("+") || t.isKeyword("not") || t.isKeyword("bnot")) {
            index++;
            return nested(() -> new Expr.UnaryOp(t, t.text(), unary()));
        }
        return primary();
    }

    private Expr primary() throws ShellSyntaxException {
        Token t = next();
        return switch (t.kind()) {
            case NUMBER -> new Expr.Literal(t, t.value());
            case STRING -> strings(t);
            case VARIABLE -> new Expr.Variable(t, t.text());
            case ATOM -> atomOrCall(t);
            case KEYWORD -> switch (t.text()) {
                case "receive" -> nested(() -> receive(t));
                case "case" -> nested(() -> caseExpression(t));
                case "begin" -> nested(() -> {
                    List<Expr> body = sequence();
                    expectKeyword("end");
                    return new Expr.Block(t, body);
                });
                default -> throw syntaxErrorBefore(t);
            };
            case SYMBOL -> switch (t.text()) {
                case "(" -> nested(() -> {
                    Expr inner = expression();
                    expectSymbol(")");
                    return inner;
                });
                case "{" -> nested(() -> new Expr.TupleExpr(t, elementsUntil("}")));
                case "[" -> nested(() -> list(t));
                case "#" -> nested(() -> map(t));
                case "<<" -> binary(t);
                default -> throw syntaxErrorBefore(t);
            };
            case END -> throw syntaxErrorBefore(t);
        };
    }

    /** Adjacent string literals are one string, as in Erlang. */
    private Expr strings(Token first) throws ShellSyntaxException {
        if (peek().kind() != Token.Kind.STRING) {
            return new Expr.Literal(first, first.value());
        }
        StringBuilder source = new StringBuilder(first.text());
        while (peek().kind() == Token.Kind.STRING) {
            source.append(' ').append(next().text());
        }
        return new Expr.Literal(first, literal(source.toString(), first));
    }

    private Expr atomOrCall(Token atom) throws ShellSyntaxException {
        Expr name = new Expr.Literal(atom, atom.value());
        if (peek().isSymbol(":")) {
            index++;
            Token function = next();
            Expr functionExpr = switch (function.kind()) {
                case ATOM -> new Expr.Literal(function, function.value());
                case VARIABLE -> new Expr.Variable(function, function.text());
                default -> throw syntaxErrorBefore(function);
            };
            expectSymbol("(");
            return new Expr.Call(atom, name, functionExpr, elementsUntil(")"));
        }
        if (peek().isSymbol("(")) {
            index++;
            return new Expr.Call(atom, null, name, elementsUntil(")"));
        }
        return name;
    }

    /** Comma-separated expressions up to {@code closer}; the opener is already read. */
    private List<Expr> elementsUntil(String closer) throws ShellSyntaxException {
        List<Expr> elements = new ArrayList<>();
        if (peek().isSymbol(closer)) {
            index++;
            return elements;
        }
        elements.add(expression());
        while (peek().isSymbol(",")) {
            index++;
            elements.add(expression());
        }
        expectSymbol(closer);
        return elements;
    }

    private Expr list(Token open) throws ShellSyntaxException {
        List<Expr> elements = new ArrayList<>();
        if (peek().isSymbol("]")) {
            index++;
            return new Expr.ListExpr(open, elements, null);
        }
        elements.add(expression());
        while (peek().isSymbol(",")) {
            index++;
            elements.add(expression());
        }
        Expr tail = null;
        if (peek().isSymbol("|")) {
            index++;
            tail = expression();
        }
        expectSymbol("]");
        return new Expr.ListExpr(open, elements, tail);
    }

    private Expr map(Token hash) throws ShellSyntaxException {
        expectSymbol("{");
        List<Expr.MapEntry> entries = new ArrayList<>();
        if (peek().isSymbol("}")) {
            index++;
            return new Expr.MapExpr(hash, entries);
        }
        while (true) {
            Expr key = expression();
            Token arrow = next();
            if (!arrow.isSymbol("=>") && !arrow.isSymbol(":=")) {
                throw syntaxErrorBefore(arrow);
            }
            entries.add(new Expr.MapEntry(key, expression(), arrow.isSymbol(":=")));
            if (!peek().isSymbol(",")) {
                break;
            }
            index++;
        }
        expectSymbol("}");
        return new Expr.MapExpr(hash, entries);
    }

    /** A binary literal {@code <<...>>}: its segments must be constants (read by the term parser). */
    private Expr binary(Token open) throws ShellSyntaxException {
        int nesting = 1;
        Token t = open;
        while (nesting > 0) {
            t = next();
            if (t.kind() == Token.Kind.END) {
                throw syntaxErrorBefore(t);
            }
            if (t.isSymbol("<<")) {
                nesting++;
            } else if (t.isSymbol(">>")) {
                nesting--;
            }
        }
        return new Expr.Literal(open, literal(text.substring(open.start(), t.end()), open));
    }

    private Term literal(String source, Token at) throws ShellSyntaxException {
        try {
            return TermParser.parse(source);
        } catch (TermParseException e) {
            throw new ShellSyntaxException(e.getMessage(), at.line(), at.column() + e.column() - 1);
        }
    }

    private Expr receive(Token start) throws ShellSyntaxException {
        List<Expr.Clause> clauses = new ArrayList<>();
        if (!peek().isKeyword("after")) {
            clauses = clauses();
        }
        Expr timeout = null;
        List<Expr> afterBody = List.of();
        if (peek().isKeyword("after")) {
            index++;
            timeout = expression();
            expectSymbol("->");
            afterBody = sequence();
        }
        if (clauses.isEmpty() && timeout == null) {
            throw syntaxErrorBefore(peek());
        }
        expectKeyword("end");
        return new Expr.Receive(start, clauses, timeout, afterBody);
    }

    private Expr caseExpression(Token start) throws ShellSyntaxException {
        Expr subject = expression();
        expectKeyword("of");
        List<Expr.Clause> clauses = clauses();
        expectKeyword("end");
        return new Expr.Case(start, subject, clauses);
    }

    private List<Expr.Clause> clauses() throws ShellSyntaxException {
        List<Expr.Clause> clauses = new ArrayList<>();
        while (true) {
            Expr pattern = expression();
            List<Expr> guards = List.of();
            if (peek().isKeyword("when")) {
                index++;
                guards = sequence();
            }
            expectSymbol("->");
            clauses.add(new Expr.Clause(pattern, guards, sequence()));
            if (!peek().isSymbol(";")) {
                return clauses;
            }
            index++;
        }
    }

    private interface Production {
        Expr parse() throws ShellSyntaxException;
    }

    /** Runs a production one nesting level deeper; too deep is an error, not a stack overflow. */
    private Expr nested(Production production) throws ShellSyntaxException {
        enter();
        try {
            return production.parse();
        } finally {
            depth--;
        }
    }

    private void enter() throws ShellSyntaxException {
        if (++depth > MAX_DEPTH) {
            Token t = peek();
            throw new ShellSyntaxException("expression nested deeper than " + MAX_DEPTH + " levels", t.line(),
                    t.column());
        }
    }

    private void expectSymbol(String symbol) throws ShellSyntaxException {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw syntaxErrorBefore(t);
        }
    }

    private void expectKeyword(String keyword) throws ShellSyntaxException {
        Token t = next();
        if (!t.isKeyword(keyword)) {
            throw syntaxErrorBefore(t);
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    private static ShellSyntaxException syntaxErrorBefore(Token t) {
        return new ShellSyntaxException("syntax error before: " + t.describe(), t.line(), t.column());
    }
}
