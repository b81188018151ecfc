package io.beamlink.epmd;

import java.util.Arrays;

/**
 * Where and how to reach a registered node, as PORT2_RESP reports it: its distribution port,
 * the node type and protocol it registered with, the range of distribution versions it speaks,
 * and its opaque extra data.
 */
public record NodeAddress(int port, int nodeType, int protocol, int highestVersion, int lowestVersion, byte[] extra) {
    public NodeAddress {
        extra = extra.clone();
    }

    @Override
    public byte[] extra() {
        return extra.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeAddress that
                && port == that.port
                && nodeType == that.nodeType
                && protocol == that.protocol
                && highestVersion == that.highestVersion
                && lowestVersion == that.lowestVersion
                && Arrays.equals(extra, that.extra);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(port, nodeType, protocol, highestVersion, lowestVersion) + Arrays.hashCode(extra);
    }

    @Override
    public String toString() {
        return "NodeAddress[port=" + port + ", nodeType=" + nodeType + ", protocol=" + protocol + ", highestVersion="
                + highestVersion + ", lowestVersion=" + lowestVersion + ", extra=" + extra.length + " bytes]";
    }
}
