package io.beamlink.process;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;

/** Exit reasons Beamlink makes up for things Erlang has no word for. */
public final class ExitReasons {
    private ExitReasons() {
    }

    /** An uncaught Java exception: {@code {java_exception, 'java.lang.IllegalStateException', <<"message">>}}. */
    public static Term javaException(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String type = t.getClass().getName();
        return Tuple.of(Atom.of("java_exception"), Atom.of(type.length() > Atom.MAX_CHARS ? type.substring(0, 255) : type),
                Binary.utf8(message));
    }
}
