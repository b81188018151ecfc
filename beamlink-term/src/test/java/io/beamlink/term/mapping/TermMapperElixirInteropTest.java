package io.beamlink.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Term;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.TermEncoder;
import io.beamlink.testkit.OtpPeer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records and Elixir structs, and strings as binaries, against a real Elixir. */
class TermMapperElixirInteropTest {
    record Address(String street, int zip, List<String> tags) {
    }

    private final TermMapper mapper = TermMapper.builder().elixirStruct(Address.class, "MyApp.Address").build();

    @Test
    void structsBecomeRecordsAndRecordsBecomeStructs() throws Exception {
        try (OtpPeer peer = OtpPeer.builder().noDistribution().elixir().start()) {
            peer.evalElixir("defmodule MyApp.Address do defstruct [:street, :zip, tags: []] end");

            String hex = peer.evalElixir("""
                    %MyApp.Address{street: "Main Straße", zip: 12345, tags: ["a"]} |> :erlang.term_to_binary() |> Base.encode16()""");
            Term fromElixir = TermDecoder.standard().decode(HexFormat.of().parseHex(hex.replace("\"", "")));
            assertThat(mapper.toJava(fromElixir, Address.class)).isEqualTo(new Address("Main Straße", 12345, List.of("a")));
            assertThat(mapper.toJava(fromElixir)).isEqualTo(new Address("Main Straße", 12345, List.of("a")));

            byte[] ours = TermEncoder.encode(mapper.toTerm(new Address("Elm", 7, List.of("x", "y"))));
            String seen = peer.evalElixir("Base.decode16!(\"" + HexFormat.of().withUpperCase().formatHex(ours)
                    + "\") |> :erlang.binary_to_term()");
            assertThat(seen).isEqualTo("%MyApp.Address{street: \"Elm\", zip: 7, tags: [\"x\", \"y\"]}");
            assertThat(peer.evalElixir("Base.decode16!(\"" + HexFormat.of().withUpperCase().formatHex(ours)
                    + "\") |> :erlang.binary_to_term() |> is_struct(MyApp.Address)")).isEqualTo("true");
        }
    }
}
