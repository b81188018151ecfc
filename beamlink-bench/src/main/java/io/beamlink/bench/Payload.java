package io.beamlink.bench;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;

/**
 * The three messages every benchmark measures, codec and distribution alike, so their figures
 * line up: a small tuple, a map with four fields of mixed types, and a 1 KiB binary in a tuple.
 */
public enum Payload {
    SMALL_TUPLE("{seq,12345}", "{seq,12345}", Tuple.of(Atom.of("seq"), Int.of(12345))),
    /** Keys in Erlang term order, as OTP encodes a small map, so both runtimes send the same bytes. */
    MAP("map of 4", "#{id => 12345, name => <<\"beamlink\">>, ratio => 0.75, tags => [alpha,beta]}",
            ErlMap.of(Atom.of("id"), Int.of(12345),
                    Atom.of("name"), Binary.utf8("beamlink"),
                    Atom.of("ratio"), Term.floating(0.75),
                    Atom.of("tags"), Term.list(Atom.of("alpha"), Atom.of("beta")))),
    BINARY_1K("{blob,1 KiB}", "{blob,<<1024 bytes>>}", Tuple.of(Atom.of("blob"), Binary.of(kibibyte())));

    private final String label;
    private final String erlang;
    private final Term term;

    Payload(String label, String erlang, Term term) {
        this.label = label;
        this.erlang = erlang;
        this.term = term;
    }

    /** A short name for table columns. */
    public String label() {
        return label;
    }

    /** The term in Erlang syntax. */
    public String erlang() {
        return erlang;
    }

    public Term term() {
        return term;
    }

    private static byte[] kibibyte() {
        byte[] bytes = new byte[1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
