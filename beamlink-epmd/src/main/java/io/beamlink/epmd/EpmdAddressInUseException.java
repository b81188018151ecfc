package io.beamlink.epmd;

import java.net.InetSocketAddress;

/** A daemon could not listen because the address is taken, usually by another epmd. */
public final class EpmdAddressInUseException extends EpmdException {
    private final transient InetSocketAddress address;

    public EpmdAddressInUseException(InetSocketAddress address, Throwable cause) {
        super("cannot listen on " + EpmdEndpoint.format(address) + ": the address is in use (is another epmd running"
                + " on port " + address.getPort() + "? `epmd -port " + address.getPort() + " -names` tells)", cause);
        this.address = address;
    }

    /** The address that could not be bound. */
    public InetSocketAddress address() {
        return address;
    }
}
