package io.beamlink.shell;

import io.beamlink.term.Atom;
import io.beamlink.term.BigInt;
import io.beamlink.term.ErlFloat;
import io.beamlink.term.ErlList;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Term;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The shell's operators on terms, with Erlang's results and errors ({@code badarith}, {@code badarg}). */
final class Arithmetic {
    private static final Atom BADARITH = Atom.of("badarith");
    /** Integers longer than this many bits are refused, so {@code 2 * 2 * ...} cannot exhaust memory. */
    private static final int MAX_BITS = 1 << 20;

    private Arithmetic() {
    }

    static Term binary(String operator, Term left, Term right) throws ShellException {
        return switch (operator) {
            case "+", "-", "*" -> arithmetic(operator, left, right);
            case "/" -> divide(left, right);
            case "div", "rem" -> integerDivision(operator, big(left), big(right));
            case "==" -> Atom.of(left.compareTo(right) == 0);
            case "/=" -> Atom.of(left.compareTo(right) != 0);
            case "=:=" -> Atom.of(left.equals(right));
            case "=/=" -> Atom.of(!left.equals(right));
            case "<" -> Atom.of(left.compareTo(right) < 0);
            case ">" -> Atom.of(left.compareTo(right) > 0);
            case "=<" -> Atom.of(left.compareTo(right) <= 0);
            case ">=" -> Atom.of(left.compareTo(right) >= 0);
            case "and" -> Atom.of(bool(left) & bool(right));
            case "or" -> Atom.of(bool(left) | bool(right));
            case "xor" -> Atom.of(bool(left) ^ bool(right));
            case "++" -> append(left, right);
            case "--" -> subtract(left, right);
            default -> throw ShellException.error(Atom.of("unsupported_operator_" + operator));
        };
    }

    static Term unary(String operator, Term operand) throws ShellException {
        return switch (operator) {
            case "-" -> switch (operand) {
                case Int(long v) when v != Long.MIN_VALUE -> Int.of(-v);
                case ErlFloat(double v) -> new ErlFloat(-v);
                default -> Term.integer(big(operand).negate());
            };
            case "+" -> {
                if (!isNumber(operand)) {
                    throw ShellException.error(BADARITH);
                }
                yield operand;
            }
            case "not" -> Atom.of(!bool(operand));
            default -> throw ShellException.error(Atom.of("unsupported_operator_" + operator));
        };
    }

    static boolean bool(Term t) throws ShellException {
        if (t instanceof Atom a && a.isBoolean()) {
            return a.equals(Atom.TRUE);
        }
        throw ShellException.badarg();
    }

    private static Term arithmetic(String operator, Term left, Term right) throws ShellException {
        if (left instanceof ErlFloat || right instanceof ErlFloat) {
            double a = toDouble(left);
            double b = toDouble(right);
            double result = switch (operator) {
                case "+" -> a + b;
                case "-" -> a - b;
                default -> a * b;
            };
            return floatResult(result);
        }
        BigInteger a = big(left);
        BigInteger b = big(right);
        if (operator.equals("*") && (long) a.bitLength() + b.bitLength() > MAX_BITS) {
            throw ShellException.error(Atom.of("system_limit"));
        }
        return Term.integer(switch (operator) {
            case "+" -> a.add(b);
            case "-" -> a.subtract(b);
            default -> a.multiply(b);
        });
    }

    private static Term divide(Term left, Term right) throws ShellException {
        double divisor = toDouble(right);
        if (divisor == 0.0) {
            throw ShellException.error(BADARITH);
        }
        return floatResult(toDouble(left) / divisor);
    }

    private static Term integerDivision(String operator, BigInteger a, BigInteger b) throws ShellException {
        if (b.signum() == 0) {
            throw ShellException.error(BADARITH);
        }
        return Term.integer(operator.equals("div") ? a.divide(b) : a.remainder(b));
    }

    private static Term floatResult(double value) throws ShellException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw ShellException.error(BADARITH);
        }
        return new ErlFloat(value);
    }

    private static boolean isNumber(Term t) {
        return t instanceof Int || t instanceof BigInt || t instanceof ErlFloat;
    }

    private static BigInteger big(Term t) throws ShellException {
        return switch (t) {
            case Int i -> i.bigValue();
            case BigInt(BigInteger v) -> v;
            default -> throw ShellException.error(BADARITH);
        };
    }

    private static double toDouble(Term t) throws ShellException {
        return switch (t) {
            case Int(long v) -> v;
            case BigInt(BigInteger v) -> v.doubleValue();
            case ErlFloat(double v) -> v;
            default -> throw ShellException.error(BADARITH);
        };
    }

    /** The elements of a proper list; badarg otherwise. */
    static List<Term> elements(Term list) throws ShellException {
        if (list instanceof Nil) {
            return List.of();
        }
        if (list instanceof ErlList l && l.isProper()) {
            return l.elements();
        }
        throw ShellException.badarg();
    }

    private static Term append(Term left, Term right) throws ShellException {
        List<Term> front = elements(left);
        return front.isEmpty() ? right : ErlList.of(front, right);
    }

    private static Term subtract(Term left, Term right) throws ShellException {
        List<Term> result = new ArrayList<>(elements(left));
        for (Term remove : elements(right)) {
            result.remove(remove);
        }
        return ErlList.of(result);
    }
}
