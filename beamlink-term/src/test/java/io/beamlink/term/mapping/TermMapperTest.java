package io.beamlink.term.mapping;

import static io.beamlink.term.Term.atom;
import static io.beamlink.term.Term.integer;
import static io.beamlink.term.Term.list;
import static io.beamlink.term.Term.tuple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlFloat;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Nil;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.TermParseException;
import io.beamlink.term.TermParser;
import io.beamlink.term.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermMapperTest {
    private final TermMapper mapper = TermMapper.standard();

    record Address(String street, int zip) {
    }

    record User(String name, long age, Address address, List<String> tags, Optional<String> nickname) {
    }

    record ZipCodeEntry(String zipCode, boolean isActive) {
    }

    enum Color { RED, DARK_GREEN }

    private static Term parse(String text) {
        try {
            return TermParser.parse(text);
        } catch (TermParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void numbersBothWays() {
        assertThat(mapper.toTerm(42)).isEqualTo(integer(42));
        assertThat(mapper.toTerm(42L)).isEqualTo(integer(42));
        assertThat(mapper.toTerm((short) -3)).isEqualTo(integer(-3));
        assertThat(mapper.toTerm((byte) 7)).isEqualTo(integer(7));
        assertThat(mapper.toTerm('a')).isEqualTo(integer(97));
        assertThat(mapper.toTerm(BigInteger.TEN)).isEqualTo(integer(10));
        assertThat(mapper.toTerm(BigInteger.ONE.shiftLeft(70))).isEqualTo(integer(BigInteger.ONE.shiftLeft(70)));
        assertThat(mapper.toTerm(1.5)).isEqualTo(new ErlFloat(1.5));
        assertThat(mapper.toTerm(1.5f)).isEqualTo(new ErlFloat(1.5));

        assertThat(mapper.toJava(integer(42))).isEqualTo(42L);
        assertThat(mapper.toJava(integer(BigInteger.ONE.shiftLeft(70)))).isEqualTo(BigInteger.ONE.shiftLeft(70));
        assertThat(mapper.toJava(new ErlFloat(0.5))).isEqualTo(0.5);
        assertThat(mapper.toJava(integer(42), int.class)).isEqualTo(42);
        assertThat(mapper.toJava(integer(-42), Short.class)).isEqualTo((short) -42);
        assertThat(mapper.toJava(integer(42), BigInteger.class)).isEqualTo(BigInteger.valueOf(42));
        assertThat(mapper.toJava(integer(3), double.class)).isEqualTo(3.0);
        assertThat(mapper.toJava(new ErlFloat(2.5), float.class)).isEqualTo(2.5f);
        assertThat(mapper.toJava(integer(97), char.class)).isEqualTo('a');
    }

    @Test
    void numbersOutOfRangeOrOfTheWrongKindAreErrors() {
        assertThatThrownBy(() -> mapper.toJava(integer(1L << 40), int.class))
                .isInstanceOf(TermMappingException.class)
                .hasMessage("cannot map 1099511627776 to int: it is out of range -2147483648..2147483647");
        assertThatThrownBy(() -> mapper.toJava(integer(BigInteger.ONE.shiftLeft(70)), long.class))
                .hasMessage("cannot map 1180591620717411303424 to long: it is out of range");
        assertThatThrownBy(() -> mapper.toJava(new ErlFloat(1.0), long.class))
                .hasMessage("cannot map 1.0 to long: it is not an integer");
        assertThatThrownBy(() -> mapper.toJava(integer((1L << 53) + 1), double.class))
                .hasMessage("cannot map 9007199254740993 to double: it is not a float, nor an integer a double holds exactly");
        assertThatThrownBy(() -> mapper.toTerm(Double.NaN))
                .hasMessage("no term for the double NaN: Erlang floats are finite");
        assertThatThrownBy(() -> mapper.toJava(Atom.NIL, int.class))
                .hasMessage("cannot map nil to int: it is not an integer");
    }

    @Test
    void booleansAreTheAtomsTrueAndFalse() {
        assertThat(mapper.toTerm(true)).isEqualTo(Atom.TRUE);
        assertThat(mapper.toTerm(false)).isEqualTo(Atom.FALSE);
        assertThat(mapper.toJava(Atom.TRUE)).isEqualTo(true);
        assertThat(mapper.toJava(Atom.FALSE, boolean.class)).isFalse();
        assertThatThrownBy(() -> mapper.toJava(atom("yes"), boolean.class))
                .hasMessage("cannot map yes to boolean: only the atoms true and false are booleans");
    }

    @Test
    void otherAtomsStayAtomsInTheNaturalMapping() {
        assertThat(mapper.toJava(atom("ok"))).isEqualTo(atom("ok"));
        assertThat(mapper.toJava(atom("ok"), String.class)).isEqualTo("ok");
        assertThat(mapper.toJava(atom("ok"), Atom.class)).isEqualTo(atom("ok"));
    }

    @Test
    void stringsAreUtf8BinariesOrCharlistsOnRequest() {
        assertThat(mapper.toTerm("héllo")).isEqualTo(Binary.utf8("héllo"));
        TermMapper charlists = TermMapper.builder().strings(TermMapper.StringEncoding.CHARLIST).build();
        assertThat(charlists.toTerm("héllo")).isEqualTo(ErlList.charlist("héllo"));
        assertThat(charlists.toTerm("")).isEqualTo(Nil.NIL);

        assertThat(mapper.toJava(Binary.utf8("héllo"))).isEqualTo("héllo");
        assertThat(mapper.toJava(Binary.utf8("héllo"), String.class)).isEqualTo("héllo");
        assertThat(mapper.toJava(ErlList.charlist("日本"), String.class)).isEqualTo("日本");
        assertThat(mapper.toJava(Nil.NIL, String.class)).isEmpty();
        assertThatThrownBy(() -> mapper.toJava(Binary.of(new byte[] {(byte) 0x80}), String.class))
                .hasMessage("cannot map <<128>> to String: the binary is not valid UTF-8");
        assertThatThrownBy(() -> mapper.toJava(list(integer(-1)), String.class))
                .hasMessage("cannot map [-1] to String: the list is not a list of Unicode code points");
    }

    @Test
    void binariesAreByteArrays() {
        assertThat(mapper.toTerm(new byte[] {1, 2})).isEqualTo(Binary.of(new byte[] {1, 2}));
        assertThat(mapper.toJava(Binary.of(new byte[] {1, 2}), byte[].class)).containsExactly(1, 2);
        assertThat(mapper.toJava(Binary.of(new byte[] {(byte) 0xFF}))).isEqualTo(new byte[] {(byte) 0xFF});
        TermMapper bytes = TermMapper.builder().binaries(TermMapper.BinaryDecoding.BYTES).build();
        assertThat(bytes.toJava(Binary.utf8("abc"))).isEqualTo(new byte[] {'a', 'b', 'c'});
    }

    @Test
    void collectionsAndArraysAreListsMapsAreMaps() {
        assertThat(mapper.toTerm(List.of(1, 2))).isEqualTo(list(integer(1), integer(2)));
        assertThat(mapper.toTerm(new LinkedHashSet<>(List.of("a")))).isEqualTo(list(Binary.utf8("a")));
        assertThat(mapper.toTerm(new int[] {1, 2})).isEqualTo(list(integer(1), integer(2)));
        assertThat(mapper.toTerm(new String[0])).isEqualTo(Nil.NIL);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", List.of());
        assertThat(mapper.toTerm(map)).isEqualTo(ErlMap.of(Binary.utf8("a"), integer(1), Binary.utf8("b"), Nil.NIL));

        assertThat(mapper.toJava(parse("[1, <<\"x\">>, ok]"))).isEqualTo(List.of(1L, "x", atom("ok")));
        assertThat(mapper.toJava(parse("#{a => [1]}"))).isEqualTo(Map.of(atom("a"), List.of(1L)));
        assertThat(mapper.toJava(Nil.NIL)).isEqualTo(List.of());
    }

    @Test
    void termsWithoutAJavaCounterpartStayTerms() {
        Term improper = parse("[a|b]");
        assertThat(mapper.toJava(improper)).isSameAs(improper);
        Tuple tuple = tuple(atom("ok"), integer(1));
        assertThat(mapper.toJava(tuple)).isSameAs(tuple);
        Pid pid = new Pid(atom("a@b"), 1, 2, 3);
        assertThat(mapper.toJava(pid, Pid.class)).isSameAs(pid);
        assertThat(mapper.toTerm(pid)).isSameAs(pid);
        assertThat(mapper.toTerm(List.of(pid))).isEqualTo(list(pid));
        assertThatThrownBy(() -> mapper.toJava(tuple, Pid.class))
                .hasMessage("cannot map {ok,1} to Pid: it is not a Pid");
    }

    @Test
    void genericTypes() {
        assertThat(mapper.toJava(parse("[<<\"a\">>, \"b\", c]"), new TypeRef<List<String>>() {}))
                .containsExactly("a", "b", "c");
        assertThat(mapper.toJava(parse("#{<<\"x\">> => 1, <<\"y\">> => 2}"), new TypeRef<Map<String, Integer>>() {}))
                .containsExactly(Map.entry("x", 1), Map.entry("y", 2));
        assertThat(mapper.toJava(parse("[1, 2, 1]"), new TypeRef<Set<Long>>() {})).containsExactly(1L, 2L);
        assertThat(mapper.toJava(parse("[[1], []]"), new TypeRef<List<int[]>>() {}).get(0)).containsExactly(1);
        assertThat(mapper.toJava(parse("[1, 2]"), long[].class)).containsExactly(1L, 2L);
        assertThat(mapper.toJava(parse("[red]"), Color[].class)).containsExactly(Color.RED);
        assertThat((Object) mapper.toJava(parse("[1, 2]"), List.class)).isEqualTo(List.of(1L, 2L));
        assertThat(mapper.toJava(parse("nil"), new TypeRef<Optional<String>>() {})).isEmpty();
        assertThat(mapper.toJava(parse("<<\"x\">>"), new TypeRef<Optional<String>>() {})).contains("x");
        assertThatThrownBy(() -> mapper.toJava(parse("[<<\"a\">>, 7]"), new TypeRef<List<String>>() {}))
                .hasMessage("cannot map 7 to String: only binaries, charlists and atoms are strings at [1]");
        assertThatThrownBy(() -> mapper.toJava(parse("#{<<\"x\">> => a}"), new TypeRef<Map<String, Integer>>() {}))
                .hasMessage("cannot map a to Integer: it is not an integer at [<<\"x\">>]");
        assertThatThrownBy(() -> mapper.toJava(parse("[a|b]"), new TypeRef<List<String>>() {}))
                .hasMessage("cannot map [a|b] to java.util.List<java.lang.String>: it is not a proper list");
    }

    @Test
    void nullIsNilByDefaultAndUndefinedOnRequest() {
        assertThat(mapper.toTerm(null)).isEqualTo(Atom.NIL);
        assertThat(mapper.toTerm(Optional.empty())).isEqualTo(Atom.NIL);
        assertThat(mapper.toTerm(Optional.of(1))).isEqualTo(integer(1));
        assertThat(mapper.toJava(Atom.NIL)).isNull();
        assertThat(mapper.toJava(Atom.NIL, String.class)).isNull();
        assertThat(mapper.toJava(Atom.NIL, Atom.class)).isEqualTo(Atom.NIL);
        TermMapper erlang = TermMapper.builder().nullAtom(Atom.UNDEFINED).build();
        assertThat(erlang.toTerm(null)).isEqualTo(Atom.UNDEFINED);
        assertThat(erlang.toJava(Atom.UNDEFINED)).isNull();
        assertThat(erlang.toJava(Atom.NIL)).isEqualTo(Atom.NIL);
    }

    @Test
    void enumsAreLowerCaseAtoms() {
        assertThat(mapper.toTerm(Color.DARK_GREEN)).isEqualTo(atom("dark_green"));
        assertThat(mapper.toJava(atom("dark_green"), Color.class)).isEqualTo(Color.DARK_GREEN);
        assertThat(mapper.toJava(atom("RED"), Color.class)).isEqualTo(Color.RED);
        assertThatThrownBy(() -> mapper.toJava(atom("blue"), Color.class))
                .hasMessage("cannot map blue to Color: no constant of Color has this name");
    }

    @Test
    void recordsAreMapsKeyedByComponentNames() {
        User user = new User("Ann", 31, new Address("Main St", 12345), List.of("admin"), Optional.empty());
        Term term = mapper.toTerm(user);
        assertThat(term).isEqualTo(parse("""
                #{name => <<"Ann">>, age => 31, address => #{street => <<"Main St">>, zip => 12345},
                  tags => [<<"admin">>], nickname => nil}"""));
        assertThat(mapper.toJava(term, User.class)).isEqualTo(user);
        assertThat(mapper.toJava(parse("#{<<\"street\">> => <<\"x\">>, <<\"zip\">> => 1}"), Address.class))
                .isEqualTo(new Address("x", 1));
        assertThat(mapper.toJava(parse("#{name => <<\"A\">>, age => 1, address => nil, tags => []}"), User.class))
                .isEqualTo(new User("A", 1, null, List.of(), Optional.empty()));
    }

    @Test
    void mappingErrorsSayWhereInTheValue() {
        Term bad = parse("#{name => <<\"Ann\">>, age => 31, address => #{street => <<\"x\">>, zip => <<\"12345\">>}, tags => []}");
        assertThatThrownBy(() -> mapper.toJava(bad, User.class))
                .isInstanceOfSatisfying(TermMappingException.class, e -> {
                    assertThat(e.path()).isEqualTo("address.zip");
                    assertThat(e.problem()).isEqualTo("cannot map <<\"12345\">> to int: it is not an integer");
                    assertThat(e).hasMessage("cannot map <<\"12345\">> to int: it is not an integer at address.zip");
                });
        Term badTag = parse("#{name => <<\"Ann\">>, age => 31, address => nil, tags => [<<\"a\">>, 1]}");
        assertThatThrownBy(() -> mapper.toJava(badTag, User.class)).hasMessageEndingWith(" at tags[1]");
        assertThatThrownBy(() -> mapper.toJava(parse("#{street => <<\"x\">>}"), Address.class))
                .hasMessage("cannot map #{street => <<\"x\">>} to Address: the key zip is missing");
        assertThatThrownBy(() -> mapper.toTerm(List.of(Map.of("k", new Object()))))
                .hasMessage("no term for a java.lang.Object; convert it to a record, collection, map, String, number or Term first at [0][k]");
    }

    @Test
    void recordsAsTaggedTuplesGloballyOrPerClass() {
        TermMapper tuples = TermMapper.builder().records(TermMapper.RecordEncoding.TAGGED_TUPLE).build();
        Term term = tuples.toTerm(new ZipCodeEntry("123", true));
        assertThat(term).isEqualTo(tuple(atom("zip_code_entry"), Binary.utf8("123"), Atom.TRUE));
        assertThat(tuples.toJava(term, ZipCodeEntry.class)).isEqualTo(new ZipCodeEntry("123", true));

        TermMapper perClass = TermMapper.builder().record(Address.class, TermMapper.RecordEncoding.TAGGED_TUPLE).build();
        assertThat(perClass.toTerm(List.of(new Address("s", 1), new ZipCodeEntry("z", false))))
                .isEqualTo(parse("[{address, <<\"s\">>, 1}, #{zipCode => <<\"z\">>, isActive => false}]"));
        assertThatThrownBy(() -> mapper.toJava(parse("{other, <<\"s\">>, 1}"), Address.class))
                .hasMessage("cannot map {other,<<\"s\">>,1} to Address: a tuple must be {address, ...} with 2 values");
    }

    @Test
    void snakeCaseFieldNames() {
        TermMapper snake = TermMapper.builder().fieldNaming(TermMapper.FieldNaming.SNAKE_CASE).build();
        Term term = snake.toTerm(new ZipCodeEntry("1", true));
        assertThat(term).isEqualTo(parse("#{zip_code => <<\"1\">>, is_active => true}"));
        assertThat(snake.toJava(term, ZipCodeEntry.class)).isEqualTo(new ZipCodeEntry("1", true));
    }

    @Test
    void elixirStructsMapToRegisteredRecords() {
        TermMapper elixir = TermMapper.builder()
                .elixirStruct(Address.class, "MyApp.Address")
                .fieldNaming(TermMapper.FieldNaming.SNAKE_CASE)
                .build();
        Term term = elixir.toTerm(new Address("Main", 1));
        assertThat(term).isEqualTo(parse("#{'__struct__' => 'Elixir.MyApp.Address', street => <<\"Main\">>, zip => 1}"));
        assertThat(elixir.toJava(term)).isEqualTo(new Address("Main", 1));
        assertThat(elixir.toJava(term, Address.class)).isEqualTo(new Address("Main", 1));
        assertThatThrownBy(() -> elixir.toJava(parse("#{'__struct__' => 'Elixir.Other', street => <<\"M\">>, zip => 1}"), Address.class))
                .hasMessageEndingWith("it is a 'Elixir.Other' struct, not a Elixir.MyApp.Address");
    }

    @Test
    void valuesThatContainThemselvesAreErrorsNotStackOverflows() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThatThrownBy(() -> mapper.toTerm(loop))
                .isInstanceOf(TermMappingException.class)
                .hasMessageStartingWith("values nested deeper than 500 levels (does a collection contain itself?)");
        Term deep = Nil.NIL;
        for (int i = 0; i < 600; i++) {
            deep = list(deep);
        }
        Term tooDeep = deep;
        assertThatThrownBy(() -> mapper.toJava(tooDeep)).hasMessageStartingWith("terms nested deeper than 500 levels");
    }

    @Test
    void recordConstructorsThatRejectValuesAreReported() {
        record Positive(int value) {
            Positive {
                if (value <= 0) {
                    throw new IllegalArgumentException("must be positive");
                }
            }
        }
        assertThatThrownBy(() -> mapper.toJava(parse("#{value => -1}"), Positive.class))
                .hasMessageContaining("rejected the values: java.lang.IllegalArgumentException: must be positive");
    }
}
