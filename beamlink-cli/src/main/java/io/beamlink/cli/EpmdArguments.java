package io.beamlink.cli;

import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code beamlink epmd}, read as OTP's epmd reads its own: single-dash options
 * in any order ({@code -port 4370 -d -d}), a client command ({@code -names}, {@code -started},
 * {@code -dump}, {@code -kill}, {@code -stop Name}) only as the last argument, numbers read like
 * C's {@code atoi}, and the environment variables {@code ERL_EPMD_PORT},
 * {@code ERL_EPMD_ADDRESS} and {@code ERL_EPMD_RELAXED_COMMAND_CHECK}.
 */
record EpmdArguments(
        Action action,
        int port,
        String addressList,
        int debugLevel,
        boolean relaxedCommandCheck,
        Duration packetTimeout,
        Duration delayAccept,
        Duration delayWrite,
        boolean detach,
        String stopName) {

    /** What the invocation does. */
    enum Action { DAEMON, NAMES, STARTED, DUMP, KILL, STOP, HELP }

    /** Arguments OTP's epmd answers with its usage text and exit status 1. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static EpmdArguments parse(List<String> args, Map<String, String> environment) throws UsageException {
        Builder b = new Builder(environment);
        int i = 0;
        int count = args.size();
        while (i < count) {
            String arg = args.get(i);
            int left = count - i;
            switch (arg) {
                case "-d", "-debug" -> b.debugLevel++;
                case "-daemon" -> b.detach = true;
                case "-relaxed_command_check" -> b.relaxed = true;
                case "-port" -> {
                    String value = value(args, i, arg);
                    b.port = port(value, arg + " " + value);
                }
                case "-address" -> b.addressList = value(args, i, arg);
                case "-packet_timeout" -> b.packetTimeout = seconds(value(args, i, arg), arg);
                case "-delay_accept" -> b.delayAccept = seconds(value(args, i, arg), arg);
                case "-delay_write" -> b.delayWrite = seconds(value(args, i, arg), arg);
                case "-names" -> b.action = last(Action.NAMES, left, arg);
                case "-started" -> b.action = last(Action.STARTED, left, arg);
                case "-dump" -> b.action = last(Action.DUMP, left, arg);
                case "-kill" -> b.action = last(Action.KILL, left, arg);
                case "-stop" -> {
                    if (left != 2) {
                        throw new UsageException("-stop takes one name and must come last");
                    }
                    b.action = Action.STOP;
                    b.stopName = args.get(i + 1);
                }
                case "-h", "-help", "--help" -> b.action = Action.HELP;
                default -> throw new UsageException("unknown option " + arg);
            }
            if (b.action != Action.DAEMON) {
                break;
            }
            i += takesValue(arg) ? 2 : 1;
        }
        return b.build();
    }

    /** The listen addresses ({@code -address}, else {@code ERL_EPMD_ADDRESS}); empty means all. */
    List<java.net.InetAddress> listenAddresses() {
        return addressList == null ? List.of() : EpmdConfig.parseAddresses(addressList);
    }

    /** C's atoi: optional blanks and sign, then the leading digits; 0 when there are none. */
    static long atoi(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        // At most 10 digits matter for an int; stop early so huge inputs cannot overflow.
        for (int digits = 0; i < text.length() && Character.isDigit(text.charAt(i)) && digits < 11; i++, digits++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return negative ? -value : value;
    }

    private static boolean takesValue(String option) {
        return switch (option) {
            case "-port", "-address", "-packet_timeout", "-delay_accept", "-delay_write" -> true;
            default -> false;
        };
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index + 1 >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index + 1);
    }

    private static Action last(Action action, int left, String option) throws UsageException {
        if (left != 1) {
            throw new UsageException(option + " must be the last argument");
        }
        return action;
    }

    private static int port(String text, String given) throws UsageException {
        long port = atoi(text);
        if (port < 1 || port > 0xffff) {
            throw new UsageException(given + " is not a port number (1..65535)");
        }
        return (int) port;
    }

    private static Duration seconds(String text, String option) throws UsageException {
        long seconds = atoi(text);
        if (seconds <= 0) {
            throw new UsageException(option + " " + text + " is not a positive number of seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static final class Builder {
        private Action action = Action.DAEMON;
        private int port;
        private String addressList;
        private int debugLevel;
        private boolean relaxed;
        private Duration packetTimeout = EpmdConfig.DEFAULT_PACKET_TIMEOUT;
        private Duration delayAccept = Duration.ZERO;
        private Duration delayWrite = Duration.ZERO;
        private boolean detach;
        private String stopName;

        Builder(Map<String, String> environment) throws UsageException {
            String envPort = environment.get("ERL_EPMD_PORT");
            port = envPort == null ? EpmdClient.DEFAULT_PORT : port(envPort, "ERL_EPMD_PORT=" + envPort);
            relaxed = environment.containsKey("ERL_EPMD_RELAXED_COMMAND_CHECK");
            addressList = environment.get("ERL_EPMD_ADDRESS");
        }

        EpmdArguments build() {
            return new EpmdArguments(action, port, addressList, debugLevel, relaxed, packetTimeout, delayAccept,
                    delayWrite, detach, stopName);
        }
    }
}
