package io.beamlink.term;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Floats as OTP prints them ({@code io_lib:format("~p")}, {@code float_to_list(F, [short])}):
 * the shortest digits that read back as the same double, in plain notation ({@code 123.0},
 * {@code 0.001}) or scientific notation ({@code 1.0e3}, {@code 1.5e-5}), whichever is shorter,
 * plain on a tie. Plain notation is only used below 2^53, where every integer is exact.
 */
final class FloatFormat {
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private FloatFormat() {
    }

    static String format(double value) {
        String sign = Double.doubleToRawLongBits(value) < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return sign + "0.0";
        }
        ShortestDecimal decimal = ShortestDecimal.of(magnitude);
        String scientific = scientific(decimal);
        if (magnitude < EXACT_INTEGER_LIMIT) {
            String plain = plain(decimal);
            if (plain.length() <= scientific.length()) {
                return sign + plain;
            }
        }
        return sign + scientific;
    }

    private static String scientific(ShortestDecimal d) {
        String digits = d.digits();
        String fraction = digits.length() > 1 ? digits.substring(1) : "0";
        return digits.charAt(0) + "." + fraction + "e" + d.exponent();
    }

    private static String plain(ShortestDecimal d) {
        String digits = d.digits();
        int exponent = d.exponent();
        if (exponent < 0) {
            return "0." + "0".repeat(-exponent - 1) + digits;
        }
        int integerDigits = exponent + 1;
        if (digits.length() <= integerDigits) {
            return digits + "0".repeat(integerDigits - digits.length()) + ".0";
        }
        return digits.substring(0, integerDigits) + "." + digits.substring(integerDigits);
    }

    /**
     * The shortest decimal that rounds to a positive double, and among those the closest:
     * {@code 0.d1d2... × 10^(exponent+1)}, written {@code d1.d2... e exponent}.
     */
    record ShortestDecimal(String digits, int exponent) {
        static ShortestDecimal of(double positive) {
            // Since JDK 19 Double.toString yields the shortest round-trip decimal, except that
            // where one digit would do it picks the closest two-digit decimal (4.9E-324).
            BigDecimal javaChoice = new BigDecimal(Double.toString(positive)).stripTrailingZeros();
            ShortestDecimal candidate = from(javaChoice);
            if (candidate.digits.length() == 2) {
                ShortestDecimal oneDigit = closestOneDigit(positive, candidate);
                if (oneDigit != null) {
                    return oneDigit;
                }
            }
            return candidate;
        }

        private static ShortestDecimal from(BigDecimal d) {
            String digits = d.unscaledValue().toString();
            return new ShortestDecimal(digits, digits.length() - 1 - d.scale());
        }

        private static ShortestDecimal closestOneDigit(double positive, ShortestDecimal twoDigits) {
            BigDecimal exact = new BigDecimal(positive);
            int first = twoDigits.digits.charAt(0) - '0';
            BigDecimal best = null;
            for (int digit = first; digit <= first + 1; digit++) {
                BigDecimal option = new BigDecimal(BigInteger.valueOf(digit), -twoDigits.exponent);
                if (option.doubleValue() != positive) {
                    continue;
                }
                if (best == null) {
                    best = option;
                    continue;
                }
                int closer = option.subtract(exact).abs().compareTo(best.subtract(exact).abs());
                if (closer < 0 || closer == 0 && digit % 2 == 0) {
                    best = option;
                }
            }
            return best == null ? null : from(best.stripTrailingZeros());
        }
    }
}
