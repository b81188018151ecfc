package io.beamlink.epmd;

/**
 * Parses the request bodies that carry fields. Each check and its log line are OTP epmd's; a
 * failure means the daemon closes the connection without replying.
 */
final class RequestParser {
    private RequestParser() {
    }

    /** ALIVE2_REQ: {@code 120, Port:16, Type:8, Proto:8, High:16, Low:16, Nlen:16, Name, Elen:16, Extra}. */
    static Alive2Request alive2(byte[] body) throws MalformedRequestException {
        int size = body.length;
        if (size <= EpmdWire.ALIVE2_HEADER_BYTES + 2) {
            throw new MalformedRequestException("packet to small for request ALIVE2_REQ (" + size + ")",
                    "ALIVE2_REQ has " + size + " bytes; it needs more than " + (EpmdWire.ALIVE2_HEADER_BYTES + 2)
                            + " (fields and at least the name and extra lengths)");
        }
        int nameLength = unsignedShort(body, 9);
        if (nameLength + EpmdWire.ALIVE2_HEADER_BYTES + 2 > size) {
            throw new MalformedRequestException("Node name size error in ALIVE2_REQ",
                    "ALIVE2_REQ name length " + nameLength + " at offset 9 overruns the " + size + "-byte request");
        }
        int extraLengthOffset = EpmdWire.ALIVE2_HEADER_BYTES + nameLength;
        int extraLength = unsignedShort(body, extraLengthOffset);
        if (extraLength + nameLength + EpmdWire.ALIVE2_HEADER_BYTES + 2 > size) {
            throw new MalformedRequestException("Extra info size error in ALIVE2_REQ",
                    "ALIVE2_REQ extra length " + extraLength + " at offset " + extraLengthOffset + " overruns the "
                            + size + "-byte request");
        }
        int nul = indexOfNul(body, EpmdWire.ALIVE2_HEADER_BYTES, extraLengthOffset);
        if (nul >= 0) {
            throw new MalformedRequestException("node name contains ascii 0 in ALIVE2_REQ",
                    "ALIVE2_REQ name has a NUL byte at offset " + nul);
        }
        byte[] extra = new byte[extraLength];
        System.arraycopy(body, extraLengthOffset + 2, extra, 0, extraLength);
        return new Alive2Request(
                WireName.of(body, EpmdWire.ALIVE2_HEADER_BYTES, extraLengthOffset),
                unsignedShort(body, 1),
                body[3] & 0xff,
                body[4] & 0xff,
                unsignedShort(body, 5),
                unsignedShort(body, 7),
                extra);
    }

    /** PORT_PLEASE2_REQ: {@code 122, Name}, a trailing NUL tolerated; 1 to 255 UTF-8 characters. */
    static WireName portPlease2(byte[] body) throws MalformedRequestException {
        int end = body.length;
        if (body[end - 1] == 0) {
            end--;
        }
        if (end <= 1) {
            throw new MalformedRequestException("packet too small for request PORT2_REQ (" + end + ")",
                    "PORT_PLEASE2_REQ has no name after the code at offset 0");
        }
        int nul = indexOfNul(body, 1, end);
        if (nul >= 0) {
            throw new MalformedRequestException("node name contains ascii 0 in PORT2_REQ",
                    "PORT_PLEASE2_REQ name has a NUL byte at offset " + nul);
        }
        int characters = Utf8.characterCount(body, 1, end);
        if (characters < 1 || characters > EpmdWire.MAX_NAME_CHARACTERS) {
            throw new MalformedRequestException("invalid node name in PORT2_REQ", characters < 0
                    ? "PORT_PLEASE2_REQ name at offset 1 is not valid UTF-8"
                    : "PORT_PLEASE2_REQ name at offset 1 has " + characters + " characters; at most "
                            + EpmdWire.MAX_NAME_CHARACTERS + " are allowed");
        }
        return WireName.of(body, 1, end);
    }

    /** STOP_REQ: {@code 115, Name}; like OTP, the name ends at the first NUL if there is one. */
    static WireName stop(byte[] body) throws MalformedRequestException {
        if (body.length <= 1) {
            throw new MalformedRequestException("packet too small for request STOP_REQ (" + body.length + ")",
                    "STOP_REQ has no name after the code at offset 0");
        }
        int nul = indexOfNul(body, 1, body.length);
        return WireName.of(body, 1, nul >= 0 ? nul : body.length);
    }

    private static int unsignedShort(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | (bytes[offset + 1] & 0xff);
    }

    private static int indexOfNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
