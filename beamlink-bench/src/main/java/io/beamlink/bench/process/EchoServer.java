package io.beamlink.bench.process;

import io.beamlink.otp.From;
import io.beamlink.otp.GenServer;
import io.beamlink.otp.Next;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;

/** The GenServer every call goes to: replies with the request, as the Erlang side's handle_call. */
final class EchoServer implements GenServer<Atom> {
    static final Atom NAME = Atom.of("bench_server");
    static final Atom STOP = Atom.of("stop");

    @Override
    public Atom init(Mailbox self, Term args) {
        return Atom.OK;
    }

    @Override
    public Next<Atom> handleCall(Term request, From from, Atom state) {
        return Next.reply(request, state);
    }

    @Override
    public Next<Atom> handleCast(Term request, Atom state) {
        return request.equals(STOP) ? Next.stop(Atom.of("normal"), state) : Next.noreply(state);
    }
}
