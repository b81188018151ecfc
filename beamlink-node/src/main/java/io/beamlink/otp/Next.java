package io.beamlink.otp;

import io.beamlink.term.Term;
import java.util.Objects;

/**
 * What a {@link GenServer} callback returns: reply (calls only), carry on without replying, or
 * stop — the {@code {reply, R, S}}, {@code {noreply, S}} and {@code {stop, Reason, S}} of
 * gen_server.
 *
 * @param <S> the server's state
 */
public sealed interface Next<S> {
    /** {@code {reply, Reply, State}}. */
    record Reply<S>(Term reply, S state) implements Next<S> {
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** {@code {noreply, State}}. */
    record NoReply<S>(S state) implements Next<S> {
    }

    /** {@code {stop, Reason, State}}, or {@code {stop, Reason, Reply, State}} when {@code reply} is set. */
    record Stop<S>(Term reason, Term reply, S state) implements Next<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <S> Next<S> reply(Term reply, S state) {
        return new Reply<>(reply, state);
    }

    static <S> Next<S> noreply(S state) {
        return new NoReply<>(state);
    }

    static <S> Next<S> stop(Term reason, S state) {
        return new Stop<>(reason, null, state);
    }

    static <S> Next<S> stop(Term reason, Term reply, S state) {
        return new Stop<>(reason, reply, state);
    }
}
