package io.beamlink.epmd;

/** A parsed ALIVE2_REQ: the node's name, port, type, protocol, version range and extra data. */
record Alive2Request(
        WireName name, int port, int nodeType, int protocol, int highestVersion, int lowestVersion, byte[] extra) {

    /** Registrants speaking version 6 get a 32-bit creation (ALIVE2_X_RESP). */
    boolean wants32BitCreation() {
        return highestVersion >= EpmdWire.FIRST_VERSION_WITH_32BIT_CREATION;
    }
}
