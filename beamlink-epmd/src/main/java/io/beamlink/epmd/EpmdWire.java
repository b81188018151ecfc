package io.beamlink.epmd;

/** Message codes and size limits of the EPMD protocol, as OTP's epmd defines them. */
final class EpmdWire {
    static final int DEFAULT_PORT = 4369;

    static final byte ALIVE2_REQ = 120;
    /** Reply to ALIVE2_REQ with a 16-bit creation, for registrants whose highest version is below 6. */
    static final byte ALIVE2_RESP = 121;
    /** Reply to ALIVE2_REQ with a 32-bit creation (OTP 23+ epmd). */
    static final byte ALIVE2_X_RESP = 118;
    static final byte PORT_PLEASE2_REQ = 122;
    static final byte PORT2_RESP = 119;
    static final byte NAMES_REQ = 110;
    static final byte DUMP_REQ = 100;
    static final byte KILL_REQ = 107;
    static final byte STOP_REQ = 115;

    /** OTP's receive buffer: a frame including its 2-byte length must be smaller than this. */
    static final int INBUF_SIZE = 3060;
    /** The longest request body a frame may carry (length field value). */
    static final int MAX_BODY_LENGTH = INBUF_SIZE - 3;
    /** Bytes a node name or extra field may have: 255 characters of at most 4 UTF-8 bytes. */
    static final int MAX_SYMBOL_BYTES = 255 * 4;
    /** Characters a node name may have. */
    static final int MAX_NAME_CHARACTERS = 255;

    /** ALIVE2_REQ body bytes before the name: code, port, type, protocol, high, low, name length. */
    static final int ALIVE2_HEADER_BYTES = 11;
    /** The creation OTP's epmd puts in a refused ALIVE2 reply. */
    static final int REFUSED_CREATION = 99;

    /** The lowest distribution version whose registrants get ALIVE2_X_RESP. */
    static final int FIRST_VERSION_WITH_32BIT_CREATION = 6;

    private EpmdWire() {
    }
}
