package io.beamlink.dist;

import java.util.ArrayList;
import java.util.List;

/** Distribution capability flags exchanged in the handshake (dist.hrl). */
public final class DistFlags {
    public static final long PUBLISHED = 0x1L;
    public static final long EXTENDED_REFERENCES = 0x4L;
    public static final long DIST_MONITOR = 0x8L;
    public static final long FUN_TAGS = 0x10L;
    public static final long DIST_MONITOR_NAME = 0x20L;
    public static final long NEW_FUN_TAGS = 0x80L;
    public static final long EXTENDED_PIDS_PORTS = 0x100L;
    public static final long EXPORT_PTR_TAG = 0x200L;
    public static final long BIT_BINARIES = 0x400L;
    public static final long NEW_FLOATS = 0x800L;
    public static final long UNICODE_IO = 0x1000L;
    public static final long DIST_HDR_ATOM_CACHE = 0x2000L;
    public static final long SMALL_ATOM_TAGS = 0x4000L;
    public static final long UTF8_ATOMS = 0x10000L;
    public static final long MAP_TAG = 0x20000L;
    public static final long BIG_CREATION = 0x40000L;
    public static final long SEND_SENDER = 0x80000L;
    public static final long BIG_SEQTRACE_LABELS = 0x100000L;
    public static final long EXIT_PAYLOAD = 0x400000L;
    public static final long FRAGMENTS = 0x800000L;
    public static final long HANDSHAKE_23 = 0x1000000L;
    public static final long UNLINK_ID = 0x2000000L;
    public static final long MANDATORY_25_DIGEST = 0x4000000L;
    public static final long SPAWN = 1L << 32;
    public static final long NAME_ME = 1L << 33;
    public static final long V4_NC = 1L << 34;
    public static final long ALIAS = 1L << 35;
    public static final long ALTACT_SIG = 1L << 37;

    /** What OTP 25 requires of every peer. */
    public static final long MANDATORY_25 = EXTENDED_REFERENCES | FUN_TAGS | EXTENDED_PIDS_PORTS | UTF8_ATOMS
            | NEW_FUN_TAGS | BIG_CREATION | NEW_FLOATS | MAP_TAG | EXPORT_PTR_TAG | BIT_BINARIES | HANDSHAKE_23;
    /** What OTP 26 and later add to the mandatory set. */
    public static final long MANDATORY_26 = V4_NC | UNLINK_ID;
    /** What Beamlink requires of a peer: what OTP 26+ requires, which every OTP 25+ node sends. */
    public static final long REQUIRED = MANDATORY_25 | MANDATORY_26;

    private static final String[] NAMES = new String[64];

    static {
        name(PUBLISHED, "PUBLISHED");
        name(0x2L, "ATOM_CACHE");
        name(EXTENDED_REFERENCES, "EXTENDED_REFERENCES");
        name(DIST_MONITOR, "DIST_MONITOR");
        name(FUN_TAGS, "FUN_TAGS");
        name(DIST_MONITOR_NAME, "DIST_MONITOR_NAME");
        name(0x40L, "HIDDEN_ATOM_CACHE");
        name(NEW_FUN_TAGS, "NEW_FUN_TAGS");
        name(EXTENDED_PIDS_PORTS, "EXTENDED_PIDS_PORTS");
        name(EXPORT_PTR_TAG, "EXPORT_PTR_TAG");
        name(BIT_BINARIES, "BIT_BINARIES");
        name(NEW_FLOATS, "NEW_FLOATS");
        name(UNICODE_IO, "UNICODE_IO");
        name(DIST_HDR_ATOM_CACHE, "DIST_HDR_ATOM_CACHE");
        name(SMALL_ATOM_TAGS, "SMALL_ATOM_TAGS");
        name(UTF8_ATOMS, "UTF8_ATOMS");
        name(MAP_TAG, "MAP_TAG");
        name(BIG_CREATION, "BIG_CREATION");
        name(SEND_SENDER, "SEND_SENDER");
        name(BIG_SEQTRACE_LABELS, "BIG_SEQTRACE_LABELS");
        name(EXIT_PAYLOAD, "EXIT_PAYLOAD");
        name(FRAGMENTS, "FRAGMENTS");
        name(HANDSHAKE_23, "HANDSHAKE_23");
        name(UNLINK_ID, "UNLINK_ID");
        name(MANDATORY_25_DIGEST, "MANDATORY_25_DIGEST");
        name(SPAWN, "SPAWN");
        name(NAME_ME, "NAME_ME");
        name(V4_NC, "V4_NC");
        name(ALIAS, "ALIAS");
        name(ALTACT_SIG, "ALTACT_SIG");
    }

    private DistFlags() {
    }

    private static void name(long bit, String name) {
        NAMES[Long.numberOfTrailingZeros(bit)] = name;
    }

    /** A peer's flags with the MANDATORY_25 digest expanded into the bits it stands for. */
    public static long expand(long flags) {
        return (flags & MANDATORY_25_DIGEST) != 0 ? flags | MANDATORY_25 : flags;
    }

    /** The required flags a peer lacks, or 0. */
    public static long missingRequired(long peerFlags) {
        return REQUIRED & ~expand(peerFlags);
    }

    /** Flag names, for logs and connection tables: {@code [PUBLISHED, DIST_MONITOR, ...]}. */
    public static List<String> names(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((flags & (1L << bit)) != 0) {
                names.add(NAMES[bit] != null ? NAMES[bit] : "bit" + bit);
            }
        }
        return names;
    }

    public static boolean has(long flags, long flag) {
        return (flags & flag) == flag;
    }
}
