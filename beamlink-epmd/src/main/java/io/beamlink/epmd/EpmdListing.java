package io.beamlink.epmd;

/**
 * A NAMES or DUMP reply as epmd sent it: the port epmd says it listens on, then its text
 * (NAMES: one {@code name N at port P} line per node; DUMP: lines each followed by a NUL byte).
 */
public record EpmdListing(int epmdPort, byte[] text) {
    public EpmdListing {
        text = text.clone();
    }

    @Override
    public byte[] text() {
        return text.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EpmdListing that && epmdPort == that.epmdPort && java.util.Arrays.equals(text, that.text);
    }

    @Override
    public int hashCode() {
        return 31 * epmdPort + java.util.Arrays.hashCode(text);
    }

    @Override
    public String toString() {
        return "EpmdListing[epmdPort=" + epmdPort + ", text=" + text.length + " bytes]";
    }
}
