package io.beamlink.otp;

import io.beamlink.term.Term;
import java.util.List;

/**
 * Java code that Erlang reaches with {@code rpc:call(JavaNode, Module, Function, Args)} and
 * {@code erpc:call}. Return the result; throw {@link ErlangException} for an Erlang
 * error/throw/exit; any other exception becomes an {@code error} with reason
 * {@code {java_exception, Class, Message}}.
 */
@FunctionalInterface
public interface RpcHandler {
    Term apply(List<Term> args) throws Exception;
}
