package io.beamlink.otp;

import io.beamlink.process.ExitException;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@code net_kernel} process's answer to other nodes: {@code net_adm:ping/1}
 * is a gen call of {@code {is_auth, Node}} that must be answered {@code yes}.
 */
public final class NetKernelResponder implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NetKernelResponder.class);
    public static final Atom NAME = Atom.of("net_kernel");
    private static final Atom IS_AUTH = Atom.of("is_auth");
    private static final Atom YES = Atom.of("yes");

    private final Mailbox mailbox;

    public NetKernelResponder(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    @Override
    public void run() {
        try {
            while (mailbox.isAlive()) {
                Term message = mailbox.receive();
                if (message instanceof Tuple call && call.isTagged(GenCall.GEN_CALL, 3)
                        && call.get(1) instanceof Tuple from && from.arity() == 2 && from.get(0) instanceof Pid caller) {
                    Term request = call.get(2);
                    if (request instanceof Tuple t && t.isTagged(IS_AUTH, 2)) {
                        mailbox.send(caller, Tuple.of(from.get(1), YES));
                    } else {
                        LOG.debug("net_kernel ignored call {}", request);
                    }
                } else {
                    LOG.debug("net_kernel ignored message {}", message);
                }
            }
        } catch (InterruptedException | ExitException e) {
            // The node is stopping.
        }
    }
}
