package io.beamlink.node;

import io.beamlink.term.Atom;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A node name, {@code alive@host}, checked by OTP's rules: the alive part is letters, digits,
 * {@code _} and {@code -}; the host part has no white space; a short name's host has no dot.
 */
public record NodeName(String alive, String host, boolean longName) {
    private static final Pattern ALIVE = Pattern.compile("[0-9A-Za-z_\\-]+");
    private static final Pattern HOST = Pattern.compile("[\\x21-\\x{FF}]+");

    public NodeName {
        if (!ALIVE.matcher(alive).matches()) {
            throw new IllegalArgumentException("invalid node name '" + alive + "@" + host
                    + "': the part before @ may only have letters, digits, _ and -");
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid node name '" + alive + "@" + host
                    + "': the host part must be non-empty and without spaces");
        }
        if (!longName && host.contains(".")) {
            throw new IllegalArgumentException("can't set short node name '" + alive + "@" + host
                    + "': a short name's host has no dots; use a long name (--name) for " + host);
        }
        if (alive.length() + 1 + host.length() > Atom.MAX_CHARS) {
            throw new IllegalArgumentException("node name too long: at most 255 characters");
        }
    }

    /** A short name ({@code -sname}): {@code app} takes this machine's short host name. */
    public static NodeName shortName(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            return new NodeName(name, localShortHost(), false);
        }
        return parse(name, false);
    }

    /** A long name ({@code -name}): {@code app@127.0.0.1}; {@code app} takes the fully qualified host name. */
    public static NodeName longName(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            String host = localLongHost();
            if (!host.contains(".")) {
                throw new IllegalArgumentException("can't set long node name '" + name
                        + "': this machine's host name '" + host + "' is not fully qualified; give the host, e.g. "
                        + name + "@127.0.0.1");
            }
            return new NodeName(name, host, true);
        }
        return parse(name, true);
    }

    /** Parses {@code alive@host}, deciding short or long by whether the host has a dot. */
    public static NodeName parse(String fullName) {
        int at = fullName.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("invalid node name '" + fullName + "': expected alive@host");
        }
        return parse(fullName, fullName.indexOf('.', at) >= 0);
    }

    private static NodeName parse(String fullName, boolean longName) {
        int at = fullName.indexOf('@');
        if (at != fullName.lastIndexOf('@')) {
            throw new IllegalArgumentException("invalid node name '" + fullName + "': more than one @");
        }
        return new NodeName(fullName.substring(0, at), fullName.substring(at + 1), longName);
    }


    /** What {@code erl -sname} uses: the host name up to its first dot. */
    public static String localShortHost() {
        String host = localHostName();
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    private static String localLongHost() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return localHostName();
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isEmpty() ? env : "localhost";
        }
    }

    public String full() {
        return alive + "@" + host;
    }

    public Atom atom() {
        return Atom.of(full());
    }

    @Override
    public String toString() {
        return full();
    }
}
