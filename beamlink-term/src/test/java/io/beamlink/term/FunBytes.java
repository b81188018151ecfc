package io.beamlink.term;

import java.util.List;

/** Builds well-formed NEW_FUN_EXT funs for tests, laid out and encoded as OTP re-encodes a fun it decoded. */
final class FunBytes {
    private FunBytes() {
    }

    static Fun fun(Atom module, int arity, byte[] uniq, int index, int oldIndex, int oldUniq, Pid pid, List<Term> freeVars) {
        OutputBuffer out = new OutputBuffer(64);
        out.writeInt(0);
        out.writeByte(arity);
        out.writeBytes(uniq, 0, 16);
        out.writeInt(index);
        out.writeInt(freeVars.size());
        TermEncoder.encodeBody(module, out);
        TermEncoder.encodeBody(Term.integer(oldIndex), out);
        TermEncoder.encodeBody(Term.integer(oldUniq), out);
        TermEncoder.encodeBody(pid, out);
        freeVars.forEach(v -> TermEncoder.encodeBody(v, out));
        out.putInt(0, out.size());
        return new Fun(module, arity, oldIndex, oldUniq, out.toByteArray());
    }
}
