package io.beamlink.term;

import static io.beamlink.term.Term.atom;
import static io.beamlink.term.Term.integer;
import static io.beamlink.term.Term.list;
import static io.beamlink.term.Term.tuple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TermParserTest {

    private static Term parse(String text) throws TermParseException {
        return TermParser.parse(text);
    }

    @Test
    void integersInEveryNotation() throws TermParseException {
        assertThat(parse("42")).isEqualTo(integer(42));
        assertThat(parse("-7")).isEqualTo(integer(-7));
        assertThat(parse("+7")).isEqualTo(integer(7));
        assertThat(parse("- 7")).isEqualTo(integer(-7));
        assertThat(parse("16#FF")).isEqualTo(integer(255));
        assertThat(parse("16#ff")).isEqualTo(integer(255));
        assertThat(parse("-2#101")).isEqualTo(integer(-5));
        assertThat(parse("36#Zz")).isEqualTo(integer(35 * 36 + 35));
        assertThat(parse("1_000_000")).isEqualTo(integer(1_000_000));
        assertThat(parse("$a")).isEqualTo(integer(97));
        assertThat(parse("$\\n")).isEqualTo(integer(10));
        assertThat(parse("$ ")).isEqualTo(integer(32));
        assertThat(parse("$\\x{1F600}")).isEqualTo(integer(0x1F600));
        assertThat(parse("$日")).isEqualTo(integer(0x65E5));
        assertThat(parse("-$a")).isEqualTo(integer(-97));
        assertThat(parse("123456789012345678901234567890"))
                .isEqualTo(integer(new BigInteger("123456789012345678901234567890")));
        assertThat(parse("9223372036854775807")).isEqualTo(integer(Long.MAX_VALUE));
        assertThat(parse("-9223372036854775808")).isEqualTo(integer(Long.MIN_VALUE));
        assertThat(parse("9223372036854775808")).isInstanceOf(BigInt.class);
    }

    @Test
    void floats() throws TermParseException {
        assertThat(parse("1.0")).isEqualTo(new ErlFloat(1.0));
        assertThat(parse("1.0e300")).isEqualTo(new ErlFloat(1.0e300));
        assertThat(parse("1.5E-3")).isEqualTo(new ErlFloat(1.5e-3));
        assertThat(parse("2.5e+2")).isEqualTo(new ErlFloat(250.0));
        assertThat(parse("-0.0")).isEqualTo(new ErlFloat(-0.0)).isNotEqualTo(new ErlFloat(0.0));
        assertThat(parse("0.0")).isEqualTo(new ErlFloat(0.0));
        assertThat(parse("5.0e-324")).isEqualTo(new ErlFloat(Double.MIN_VALUE));
        assertThat(parse("1_0.2_5")).isEqualTo(new ErlFloat(10.25));
    }

    @Test
    void atoms() throws TermParseException {
        assertThat(parse("hello")).isEqualTo(atom("hello"));
        assertThat(parse("a@b")).isEqualTo(atom("a@b"));
        assertThat(parse("'Hello World'")).isEqualTo(atom("Hello World"));
        assertThat(parse("''")).isEqualTo(atom(""));
        assertThat(parse("'and'")).isEqualTo(atom("and"));
        assertThat(parse("'a\\'b\\\\c\\n\\t\\x{65E5}\\101\\^A'")).isEqualTo(atom("a'b\\c\n\t日A\u0001"));
        assertThat(parse("élan")).isEqualTo(atom("élan"));
        assertThat(parse("'日本'")).isEqualTo(atom("日本"));
        assertThat(parse("maybe")).isEqualTo(atom("maybe"));
    }

    @Test
    void stringsAreListsOfCharacterCodes() throws TermParseException {
        assertThat(parse("\"abc\"")).isEqualTo(list(integer(97), integer(98), integer(99)));
        assertThat(parse("\"\"")).isEqualTo(Nil.NIL);
        assertThat(parse("\"a\\\"b\\\\\\e\\d\\s\"")).isEqualTo(ErlList.charlist("a\"b\\\u001B\u007F "));
        assertThat(parse("\"ab\" \"cd\"")).isEqualTo(ErlList.charlist("abcd"));
        assertThat(parse("\"日本\"")).isEqualTo(list(integer(0x65E5), integer(0x672C)));
        assertThat(parse("\"line\nbreak\"")).isEqualTo(ErlList.charlist("line\nbreak"));
        assertThat(parse("\"\\x41\\x{42}\\103\\0\"")).isEqualTo(list(integer(65), integer(66), integer(67), integer(0)));
    }

    @Test
    void tuplesListsAndMaps() throws TermParseException {
        assertThat(parse("{hello, from, 1}")).isEqualTo(tuple(atom("hello"), atom("from"), integer(1)));
        assertThat(parse("{}")).isEqualTo(Tuple.EMPTY);
        assertThat(parse("[]")).isEqualTo(Nil.NIL);
        assertThat(parse("[ 1 , [ ] ]")).isEqualTo(list(integer(1), Nil.NIL));
        assertThat(parse("[a|b]")).isEqualTo(ErlList.of(List.of(atom("a")), atom("b")));
        assertThat(parse("[a,b|[c]]")).isEqualTo(list(atom("a"), atom("b"), atom("c")));
        assertThat(parse("[1|[]]")).isEqualTo(list(integer(1)));
        assertThat(parse("#{}")).isEqualTo(ErlMap.EMPTY);
        assertThat(parse("#{a => 1,b => [1,2]}"))
                .isEqualTo(ErlMap.of(atom("a"), integer(1), atom("b"), list(integer(1), integer(2))));
        assertThat(parse("#{a => 1, a => 2}")).isEqualTo(ErlMap.of(atom("a"), integer(2)));
        assertThat(parse("#{#{} => {}}")).isEqualTo(ErlMap.of(ErlMap.EMPTY, Tuple.EMPTY));
    }

    @Test
    void binariesAndBitstrings() throws TermParseException {
        assertThat(parse("<<>>")).isEqualTo(Binary.EMPTY);
        assertThat(parse("<<1,2,3>>")).isEqualTo(Binary.of(new byte[] {1, 2, 3}));
        assertThat(parse("<<\"abc\">>")).isEqualTo(Binary.utf8("abc"));
        assertThat(parse("<<\"È\">>")).isEqualTo(Binary.of(new byte[] {(byte) 200}));
        assertThat(parse("<<\"héllo\"/utf8>>")).isEqualTo(Binary.utf8("héllo"));
        assertThat(parse("<<\"日本\"/utf8>>")).isEqualTo(Binary.utf8("日本"));
        assertThat(parse("<<233/utf8, $a>>")).isEqualTo(Binary.utf8("éa"));
        assertThat(parse("<<1,2:3>>")).isEqualTo(new BitString(new byte[] {1, 2 << 5}, 3));
        assertThat(parse("<<1:3>>")).isEqualTo(new BitString(new byte[] {0x20}, 3));
        assertThat(parse("<<1:4,15:4>>")).isEqualTo(Binary.of(new byte[] {0x1F}));
        assertThat(parse("<<-1>>")).isEqualTo(Binary.of(new byte[] {-1}));
        assertThat(parse("<<258:16/integer-unsigned-big>>")).isEqualTo(Binary.of(new byte[] {1, 2}));
        assertThat(parse("<<\"ab\":16>>")).isEqualTo(Binary.of(new byte[] {0, 'a', 0, 'b'}));
        assertThat(parse("<< 1 , \"a\" >>")).isEqualTo(Binary.of(new byte[] {1, 'a'}));
    }

    @Test
    void exportFunsAndExactIdentifiers() throws TermParseException {
        assertThat(parse("fun lists:map/2")).isEqualTo(new ExportFun(atom("lists"), atom("map"), 2));
        assertThat(parse("fun erlang:'+'/2")).isEqualTo(new ExportFun(atom("erlang"), atom("+"), 2));
        assertThat(parse("fun 'Elixir.Enum':map / 2")).isEqualTo(new ExportFun(atom("Elixir.Enum"), atom("map"), 2));
        assertThat(parse("<'a@b'.113.0.3>")).isEqualTo(new Pid(atom("a@b"), 113, 0, 3));
        assertThat(parse("<a@b.113.0.3>")).isEqualTo(new Pid(atom("a@b"), 113, 0, 3));
        assertThat(parse("<'a@b'.4294967295.0.4294967295>")).isEqualTo(new Pid(atom("a@b"), -1, 0, -1));
        assertThat(parse("#Port<'a@127.0.0.1'.18446744073709551615.7>")).isEqualTo(new Port(atom("a@127.0.0.1"), -1L, 7));
        assertThat(parse("#Ref<'a@b'.3.2.1.7>")).isEqualTo(new Ref(atom("a@b"), 7, 1, 2, 3));
        assertThat(parse("#Ref<'a@b'.9.0>")).isEqualTo(new Ref(atom("a@b"), 0, 9));
    }

    @Test
    void exactFunsAreRebuiltFromTheirEncoding() throws TermParseException {
        Fun fun = FunBytes.fun(atom("Elixir.Foo"), 1, new byte[16], 3, 0, 116338984,
                new Pid(atom("a@b"), 1, 2, 3), List.of(atom("x"), integer(1)));
        String text = TermPrinter.exact().format(fun);
        assertThat(text).startsWith("#Fun<'Elixir.Foo'.0.116338984.<<");
        assertThat(parse(text)).isEqualTo(fun);
        Fun negative = FunBytes.fun(atom("m"), 0, new byte[16], 0, 5, -3, new Pid(atom("a@b"), 1, 2, 3), List.of());
        assertThat(parse(TermPrinter.exact().format(negative))).isEqualTo(negative);
    }

    @Test
    void blanksCommentsAndAFinalDot() throws TermParseException {
        assertThat(parse("  {a, % a comment\n  b}.  \n")).isEqualTo(tuple(atom("a"), atom("b")));
        assertThat(parse("1.")).isEqualTo(integer(1));
        assertThat(parse("1.5.")).isEqualTo(new ErlFloat(1.5));
        assertThat(parse("\u00A0ok\t.")).isEqualTo(atom("ok"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', quoteCharacter = '`', value = {
            "``                         ~ expected a term, found end of input at line 1, column 1",
            "{a,                        ~ expected a term, found end of input at line 1, column 4",
            "{a b}                      ~ expected ',' or '}' in the tuple, found 'b' at line 1, column 4",
            "[1,2                       ~ expected ',', '|' or ']' in the list, found end of input at line 1, column 5",
            "[a|b,c]                    ~ expected ']' after the tail of the list, found ',' at line 1, column 5",
            "#{a 1}                     ~ expected '=>' after the map key, found '1' at line 1, column 5",
            "X                          ~ variables are not terms: X at line 1, column 1",
            "_                          ~ variables are not terms: _ at line 1, column 1",
            "{and}                      ~ 'and' is a reserved word; write the atom quoted: 'and' at line 1, column 2",
            "'abc                       ~ unterminated atom (no closing ') at line 1, column 1",
            "`\"abc`                    ~ unterminated string (no closing \") at line 1, column 1",
            "1 2                        ~ expected end of input after the term, found '2' at line 1, column 3",
            "a.b                        ~ expected end of input after the term, found 'b' at line 1, column 3",
            "37#1                       ~ radix 37 is not between 2 and 36 at line 1, column 1",
            "2#2                        ~ expected a digit of base 2, found '2' at line 1, column 3",
            "1.0e                       ~ expected the digits of the exponent, found end of input at line 1, column 5",
            "1.0e999                    ~ float 1.0e999 is out of range at line 1, column 1",
            "-a                         ~ expected a number after the sign, found 'a' at line 1, column 2",
            "<0.113.0>                  ~ a pid printed as <0.113.0> has no node name and creation; print it in exact mode, as <'a@host'.113.0.3> at line 1, column 2",
            "#Port<0.7>                 ~ a port printed as #Port<0.7> has no node name and creation; print it in exact mode, as #Port<'a@host'.7.3> at line 1, column 7",
            "#Ref<'a@b'.1>              ~ expected '.' and at least one id word and the creation in the reference, found '>' at line 1, column 13",
            "#Ref<'a@b'.1.2.3.4.5.6.7>  ~ a reference has at most 5 id words and a creation at line 1, column 23",
            "#Fun<erl_eval.42.3316493>  ~ a fun printed without its encoding cannot be rebuilt; print it in exact mode: #Fun<Module.Index.Uniq.<<Bytes>>> at line 1, column 25",
            "#Fun<m.1.2.<<1,2>>>        ~ the fun's encoding is not a valid NEW_FUN_EXT body (offsets count from the tag bytes 131,112 put before it): NEW_FUN_EXT (112) is cut short: it needs 4 more bytes at offset 2, but 2 remain at offset 1 at line 1, column 12",
            "<'a@b'.4294967296.0.0>     ~ the pid's id is larger than 4294967295 at line 1, column 8",
            "#rec{}                     ~ expected '{' of a map, or Port<, Ref< or Fun< after '#', found 'r' at line 1, column 2",
            "<<256>>                    ~ 256 does not fit in 8 bits; for text beyond Latin-1 write \"...\"/utf8 at line 1, column 3",
            "<<\"日\">>                 ~ 26085 does not fit in 8 bits; for text beyond Latin-1 write \"...\"/utf8 at line 1, column 3",
            "<<1:0>>                    ~ a segment size must be at least 1 bit at line 1, column 3",
            "<<1:257>>                  ~ a segment size of 1..256 bits is larger than 256 at line 1, column 5",
            "<<1.5>>                    ~ a binary segment must be an integer, a character or a string, not 1.5 at line 1, column 3",
            "<<a>>                      ~ expected an integer, a character or a string as binary segment, found 'a' at line 1, column 3",
            "<<1/float>>                ~ segment type 'float' is not supported; use integer, utf8, signed, unsigned or big at line 1, column 5",
            "<<1:8/utf8>>               ~ a utf8 segment takes no size at line 1, column 3",
            "<<-1/utf8>>                ~ -1 is not a Unicode character, so it has no utf8 encoding at line 1, column 3",
            "fun lists:map/256          ~ the arity (0..255) is larger than 255 at line 1, column 15",
            "fun lists:map              ~ expected '/' before the arity of fun M:F/A, found end of input at line 1, column 14",
            "'\\x{D800}'                ~ escape \\x{D800} is not a Unicode character at line 1, column 2",
            "`\"\\x4\"`                 ~ expected two hexadecimal digits after \\x, found '\"' at line 1, column 5",
            "日本                       ~ expected a term, found '日' at line 1, column 1"})
    void errorsSayWhatWasExpectedAndWhere(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(TermParseException.class).hasMessage(message);
    }

    @Test
    void errorPositionsCountLinesAndColumns() {
        assertThatThrownBy(() -> parse("{a,\n  b,\n  日 c}"))
                .isInstanceOfSatisfying(TermParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.offset()).isEqualTo(11);
                });
    }

    @Test
    void tooLongAtomsAndIntegersAreRejected() {
        assertThatThrownBy(() -> parse("'" + "a".repeat(256) + "'"))
                .hasMessage("atom too long: 256 characters, at most 255 allowed at line 1, column 1");
        TermParser small = TermParser.builder().maxIntegerDigits(5).build();
        assertThatThrownBy(() -> small.read("123456"))
                .hasMessage("integer of 6 digits is longer than the limit of 5 digits at line 1, column 1");
    }

    @Test
    void hostileNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
        assertThatThrownBy(() -> parse(deep))
                .isInstanceOf(TermParseException.class)
                .hasMessage("terms nested deeper than 2000 levels at line 1, column 2001");
        String deepMaps = "#{".repeat(5000);
        assertThatThrownBy(() -> parse(deepMaps)).hasMessageStartingWith("terms nested deeper than 2000 levels");
        TermParser shallow = TermParser.builder().maxDepth(2).build();
        assertThatThrownBy(() -> shallow.read("{{{}}}")).hasMessageStartingWith("terms nested deeper than 2 levels");
    }

    @Test
    void theDeepestAllowedNestingNeedsNoDeepStack() throws Exception {
        int depth = TermParser.DEFAULT_MAX_DEPTH;
        String text = "{[#{1 => ".repeat(depth / 3) + "ok" + "}]}".repeat(depth / 3);
        Term[] result = new Term[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = parse(text);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        assertThat(failure[0]).isNull();
        assertThat(result[0]).isInstanceOf(Tuple.class);
    }
}
