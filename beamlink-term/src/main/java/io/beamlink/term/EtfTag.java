package io.beamlink.term;

/** The tag bytes of the External Term Format and their names, for the codec and its messages. */
final class EtfTag {
    static final int VERSION = 131;

    static final int NEW_FLOAT_EXT = 70;
    static final int BIT_BINARY_EXT = 77;
    static final int COMPRESSED = 80;
    static final int ATOM_CACHE_REF = 82;
    static final int NEW_PID_EXT = 88;
    static final int NEW_PORT_EXT = 89;
    static final int NEWER_REFERENCE_EXT = 90;
    static final int SMALL_INTEGER_EXT = 97;
    static final int INTEGER_EXT = 98;
    static final int FLOAT_EXT = 99;
    static final int ATOM_EXT = 100;
    static final int REFERENCE_EXT = 101;
    static final int PORT_EXT = 102;
    static final int PID_EXT = 103;
    static final int SMALL_TUPLE_EXT = 104;
    static final int LARGE_TUPLE_EXT = 105;
    static final int NIL_EXT = 106;
    static final int STRING_EXT = 107;
    static final int LIST_EXT = 108;
    static final int BINARY_EXT = 109;
    static final int SMALL_BIG_EXT = 110;
    static final int LARGE_BIG_EXT = 111;
    static final int NEW_FUN_EXT = 112;
    static final int EXPORT_EXT = 113;
    static final int NEW_REFERENCE_EXT = 114;
    static final int SMALL_ATOM_EXT = 115;
    static final int MAP_EXT = 116;
    static final int FUN_EXT = 117;
    static final int ATOM_UTF8_EXT = 118;
    static final int SMALL_ATOM_UTF8_EXT = 119;
    static final int V4_PORT_EXT = 120;
    static final int LOCAL_EXT = 121;

    private EtfTag() {
    }

    /** {@code "NAME (tag)"} for a known tag, {@code "unknown tag N"} otherwise. */
    static String describe(int tag) {
        String name = switch (tag) {
            case NEW_FLOAT_EXT -> "NEW_FLOAT_EXT";
            case BIT_BINARY_EXT -> "BIT_BINARY_EXT";
            case COMPRESSED -> "compressed term";
            case ATOM_CACHE_REF -> "ATOM_CACHE_REF";
            case NEW_PID_EXT -> "NEW_PID_EXT";
            case NEW_PORT_EXT -> "NEW_PORT_EXT";
            case NEWER_REFERENCE_EXT -> "NEWER_REFERENCE_EXT";
            case SMALL_INTEGER_EXT -> "SMALL_INTEGER_EXT";
            case INTEGER_EXT -> "INTEGER_EXT";
            case FLOAT_EXT -> "FLOAT_EXT";
            case ATOM_EXT -> "ATOM_EXT";
            case REFERENCE_EXT -> "REFERENCE_EXT";
            case PORT_EXT -> "PORT_EXT";
            case PID_EXT -> "PID_EXT";
            case SMALL_TUPLE_EXT -> "SMALL_TUPLE_EXT";
            case LARGE_TUPLE_EXT -> "LARGE_TUPLE_EXT";
            case NIL_EXT -> "NIL_EXT";
            case STRING_EXT -> "STRING_EXT";
            case LIST_EXT -> "LIST_EXT";
            case BINARY_EXT -> "BINARY_EXT";
            case SMALL_BIG_EXT -> "SMALL_BIG_EXT";
            case LARGE_BIG_EXT -> "LARGE_BIG_EXT";
            case NEW_FUN_EXT -> "NEW_FUN_EXT";
            case EXPORT_EXT -> "EXPORT_EXT";
            case NEW_REFERENCE_EXT -> "NEW_REFERENCE_EXT";
            case SMALL_ATOM_EXT -> "SMALL_ATOM_EXT";
            case MAP_EXT -> "MAP_EXT";
            case FUN_EXT -> "FUN_EXT";
            case ATOM_UTF8_EXT -> "ATOM_UTF8_EXT";
            case SMALL_ATOM_UTF8_EXT -> "SMALL_ATOM_UTF8_EXT";
            case V4_PORT_EXT -> "V4_PORT_EXT";
            case LOCAL_EXT -> "LOCAL_EXT";
            default -> null;
        };
        return name == null ? "unknown tag " + tag : name + " (" + tag + ")";
    }
}
