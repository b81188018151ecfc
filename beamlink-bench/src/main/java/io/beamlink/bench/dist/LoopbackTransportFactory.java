package io.beamlink.bench.dist;

import com.ericsson.otp.erlang.OtpServerTransport;
import com.ericsson.otp.erlang.OtpSocketTransport;
import com.ericsson.otp.erlang.OtpTransport;
import com.ericsson.otp.erlang.OtpTransportFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** JInterface sockets that listen on loopback only (its default listens on every interface). */
final class LoopbackTransportFactory implements OtpTransportFactory {
    private static final int BACKLOG = 50;

    @Override
    public OtpTransport createTransport(String host, int port) throws IOException {
        return new OtpSocketTransport(host, port);
    }

    @Override
    public OtpTransport createTransport(InetAddress address, int port) throws IOException {
        return new OtpSocketTransport(address, port);
    }

    @Override
    public OtpServerTransport createServerTransport(int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
        return new OtpServerTransport() {
            @Override
            public int getLocalPort() {
                return socket.getLocalPort();
            }

            @Override
            public OtpTransport accept() throws IOException {
                Socket accepted = socket.accept();
                // As JInterface's own server transport does.
                accepted.setTcpNoDelay(true);
                return new OtpSocketTransport(accepted);
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }
}
