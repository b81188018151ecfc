package io.beamlink.process;

/**
 * The code of a Beamlink process. It runs on a virtual thread of its own with {@code self} as
 * its mailbox. Returning ends the process with reason {@code normal}; throwing
 * {@link ExitException} ends it with that reason (Erlang's {@code exit/1}); any other exception
 * ends it with {@code {java_exception, Class, Message}}.
 */
@FunctionalInterface
public interface ProcessBody {
    void run(Mailbox self) throws Exception;
}
