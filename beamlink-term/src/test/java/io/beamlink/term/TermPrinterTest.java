package io.beamlink.term;

import static io.beamlink.term.Term.atom;
import static io.beamlink.term.Term.integer;
import static io.beamlink.term.Term.list;
import static io.beamlink.term.Term.tuple;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are what OTP 25 prints with {@code io_lib:format("~0tp", [T])}. */
class TermPrinterTest {
    private final TermPrinter printer = TermPrinter.builder().build();

    private String print(Term t) {
        return printer.format(t);
    }

    @Test
    void tuplesAndListsHaveNoSpacesMapsHaveSpacedArrows() {
        Term t = tuple(atom("hello"), atom("from"), new Pid(TermPrinter.NO_NODE, 113, 0, 0));
        assertThat(print(t)).isEqualTo("{hello,from,<0.113.0>}");
        assertThat(print(ErlMap.of(atom("a"), integer(1), atom("b"), list(integer(1), integer(2)))))
                .isEqualTo("#{a => 1,b => [1,2]}");
        assertThat(print(Tuple.EMPTY)).isEqualTo("{}");
        assertThat(print(ErlMap.EMPTY)).isEqualTo("#{}");
        assertThat(print(Nil.NIL)).isEqualTo("[]");
        assertThat(print(list(Nil.NIL))).isEqualTo("[[]]");
        assertThat(print(tuple(integer(1), integer(-2)))).isEqualTo("{1,-2}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "hello | hello", "Hello | 'Hello'", "_a | '_a'", "a_B@1 | a_B@1", "a-b | 'a-b'", "a.b | 'a.b'",
            "a@ | a@", "@ | '@'", "aB | aB", "a b | 'a b'", "`` | ''", "é | é", "aé | aé", "ß | ß", "Ä | 'Ä'",
            "Él | 'Él'", "aÀ | aÀ", "a×b | 'a×b'", "a÷b | 'a÷b'", "ª | 'ª'", "µ | 'µ'", "日本 | '日本'",
            "and | 'and'", "receive | 'receive'", "fun | 'fun'", "cond | 'cond'", "let | 'let'",
            "maybe | maybe", "else | else", "query | query", "true | true", "nil | nil",
            "a\\b | 'a\\\\b'", "a'b | 'a\\'b'", "a\"b | 'a\"b'"})
    void atomsAreQuotedWhereErlangNeedsIt(String name, String expected) {
        assertThat(print(atom(name))).isEqualTo(expected);
    }

    @Test
    void controlCharactersInAtomsAreEscaped() {
        assertThat(print(atom("a\tb"))).isEqualTo("'a\\tb'");
        assertThat(print(atom("a\u001Bb"))).isEqualTo("'a\\eb'");
        assertThat(print(atom("a\u007Fb"))).isEqualTo("'a\\db'");
        assertThat(print(atom("a\u0001b"))).isEqualTo("'a\\001b'");
        assertThat(print(atom("a\u001Fb"))).isEqualTo("'a\\037b'");
        assertThat(print(atom("a\u0080b"))).isEqualTo("'a\\200b'");
        assertThat(print(atom("a\u009Fb"))).isEqualTo("'a\\237b'");
        assertThat(print(atom("a\u00A0b"))).isEqualTo("'a\u00A0b'");
        assertThat(print(atom("a\u2028b"))).isEqualTo("'a\u2028b'");
    }

    @Test
    void listsOfPrintableLatin1CharactersAreStrings() {
        assertThat(print(ErlList.charlist("abc"))).isEqualTo("\"abc\"");
        assertThat(print(ErlList.charlist("héllo"))).isEqualTo("\"héllo\"");
        assertThat(print(ErlList.charlist("a\nb\"\\'"))).isEqualTo("\"a\\nb\\\"\\\\'\"");
        assertThat(print(ErlList.charlist("\b\t\u000B\f\r\u001B"))).isEqualTo("\"\\b\\t\\v\\f\\r\\e\"");
        assertThat(print(list(integer(7)))).isEqualTo("[7]");
        assertThat(print(list(integer(127)))).isEqualTo("[127]");
        assertThat(print(list(integer(160)))).isEqualTo("\"\u00A0\"");
        assertThat(print(list(integer(256)))).isEqualTo("[256]");
        assertThat(print(list(integer(1000), integer(2000)))).isEqualTo("[1000,2000]");
        assertThat(print(list(integer(-1)))).isEqualTo("[-1]");
        assertThat(print(list(list(integer(97), integer(98))))).isEqualTo("[\"ab\"]");
        assertThat(print(ErlList.of(List.of(integer(97), integer(98), integer(99)), atom("x")))).isEqualTo("[97,98,99|x]");
    }

    @Test
    void unicodeRangeMakesWideCharactersPrintable() {
        TermPrinter unicode = TermPrinter.builder().printableRange(PrintableRange.UNICODE).build();
        assertThat(unicode.format(ErlList.charlist("日本"))).isEqualTo("\"日本\"");
        assertThat(unicode.format(list(integer(0xD800)))).isEqualTo("[55296]");
        assertThat(unicode.format(list(integer(0xFFFE)))).isEqualTo("[65534]");
        assertThat(unicode.format(list(integer(0x10FFFF)))).isEqualTo("\"\uDBFF\uDFFF\"");
        assertThat(unicode.format(list(integer(0x110000)))).isEqualTo("[1114112]");
        assertThat(unicode.format(list(integer(0x85)))).isEqualTo("[133]");
        assertThat(unicode.format(Binary.utf8("日本"))).isEqualTo("<<\"日本\"/utf8>>");
        assertThat(print(Binary.utf8("日本"))).isEqualTo("<<230,151,165,230,156,172>>");
    }

    @Test
    void improperListsShowTheirTail() {
        assertThat(print(ErlList.of(List.of(atom("a")), atom("b")))).isEqualTo("[a|b]");
        assertThat(print(ErlList.of(List.of(integer(97)), integer(98)))).isEqualTo("[97|98]");
        assertThat(print(ErlList.of(List.of(integer(97)), Binary.utf8("b")))).isEqualTo("[97|<<\"b\">>]");
        assertThat(print(ErlList.of(List.of(integer(1), integer(2)), tuple()))).isEqualTo("[1,2|{}]");
    }

    @Test
    void binariesPrintAsTextWhenPrintable() {
        assertThat(print(Binary.utf8("bin"))).isEqualTo("<<\"bin\">>");
        assertThat(print(Binary.of(new byte[] {1, 2, 3}))).isEqualTo("<<1,2,3>>");
        assertThat(print(Binary.EMPTY)).isEqualTo("<<>>");
        assertThat(print(Binary.utf8("héllo"))).isEqualTo("<<\"héllo\"/utf8>>");
        assertThat(print(Binary.utf8("a\nb\""))).isEqualTo("<<\"a\\nb\\\"\">>");
        assertThat(print(bytes(200))).isEqualTo("<<\"È\">>");
        assertThat(print(bytes(200, 201))).isEqualTo("<<\"ÈÉ\">>");
        assertThat(print(bytes(195, 169, 200))).isEqualTo("<<\"Ã©È\">>");
        assertThat(print(bytes(224, 190, 191))).isEqualTo("<<224,190,191>>");
        assertThat(print(bytes(194, 133))).isEqualTo("<<194,133>>");
        assertThat(print(bytes(194, 160))).isEqualTo("<<\"\u00A0\"/utf8>>");
        assertThat(print(bytes(239, 191, 190))).isEqualTo("<<239,191,190>>");
        assertThat(print(bytes(127))).isEqualTo("<<127>>");
        assertThat(print(bytes(27))).isEqualTo("<<\"\\e\">>");
        assertThat(print(bytes(7))).isEqualTo("<<7>>");
        assertThat(print(Binary.wrap(new byte[] {0, 'h', 'i', 0}, 1, 2))).isEqualTo("<<\"hi\">>");
    }

    @Test
    void bitstringsShowTheSizeOfTheLastSegment() {
        assertThat(print(new BitString(new byte[] {1, 2 << 5}, 3))).isEqualTo("<<1,2:3>>");
        assertThat(print(new BitString(new byte[] {'a', 'b', 1 << 5}, 3))).isEqualTo("<<97,98,1:3>>");
        assertThat(print(new BitString(new byte[] {(byte) 0x80}, 1))).isEqualTo("<<1:1>>");
        assertThat(print(new BitString(new byte[] {(byte) 0xFE}, 7))).isEqualTo("<<127:7>>");
    }

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.0", "10.0, 10.0", "100.0, 100.0", "1000.0, 1.0e3", "12345.0, 12345.0", "0.1, 0.1",
            "1.0e300, 1.0e300", "-0.0, -0.0", "0.0, 0.0", "1.0e-10, 1.0e-10", "123456789.0, 123456789.0",
            "1.0e15, 1.0e15", "1.0e16, 1.0e16", "0.0001, 0.0001", "0.001, 0.001", "1.5e-5, 1.5e-5",
            "2.5e22, 2.5e22", "0.00012, 1.2e-4", "0.002, 0.002", "1000.5, 1000.5", "1234567890123456.0, 1234567890123456.0",
            "9007199254740991.0, 9007199254740991.0", "9007199254740992.0, 9.007199254740992e15",
            "9999999999999998.0, 9.999999999999998e15", "1.2345678901234e15, 1234567890123400.0",
            "12345678901234567.0, 1.2345678901234568e16", "9007199254740000.0, 9.00719925474e15",
            "4.9e-324, 5.0e-324", "1.0e-323, 1.0e-323", "2.2250738585072014e-308, 2.2250738585072014e-308",
            "1.7976931348623157e308, 1.7976931348623157e308", "-1000.0, -1.0e3", "-100.0, -100.0",
            "0.012345678901234568, 0.012345678901234568", "1.0e23, 1.0e23", "2.0e-3, 0.002"})
    void floatsUseTheShortestRoundTripForm(double value, String expected) {
        assertThat(print(new ErlFloat(value))).isEqualTo(expected);
    }

    @Test
    void integersOfAnySize() {
        assertThat(print(integer(-5))).isEqualTo("-5");
        assertThat(print(integer(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(print(integer(new BigInteger("-123456789012345678901234567890"))))
                .isEqualTo("-123456789012345678901234567890");
    }

    @Test
    void mapKeysInErlangsMapOrderIntegersBeforeFloats() {
        assertThat(print(ErlMap.of(integer(2), atom("a"), new ErlFloat(1.5), atom("b"))))
                .isEqualTo("#{2 => a,1.5 => b}");
        assertThat(print(ErlMap.of(new ErlFloat(1.0), atom("b"), integer(1), atom("a"))))
                .isEqualTo("#{1 => a,1.0 => b}");
        assertThat(print(ErlMap.of(Binary.EMPTY, integer(2), list(integer(97)), integer(5), Nil.NIL, integer(1),
                ErlMap.EMPTY, integer(4), tuple(), integer(3), atom("a"), integer(6), integer(1), integer(7))))
                .isEqualTo("#{1 => 7,a => 6,{} => 3,#{} => 4,[] => 1,\"a\" => 5,<<>> => 2}");
        assertThat(print(ErlMap.of(list(new ErlFloat(0.5)), atom("c"), list(integer(2)), atom("d"),
                tuple(integer(2), new ErlFloat(1.0)), atom("e"), tuple(integer(2), integer(1)), atom("f"))))
                .isEqualTo("#{{2,1} => f,{2,1.0} => e,[2] => d,[0.5] => c}");
        assertThat(print(ErlMap.of(atom("c"), ErlMap.of(atom("x"), ErlList.of(List.of(integer(1), integer(2)), integer(3))))))
                .isEqualTo("#{c => #{x => [1,2|3]}}");
    }

    @Test
    void pidsPortsAndRefsOfTheLocalNodeShowNodeZero() {
        Atom local = atom("a@host");
        TermPrinter p = TermPrinter.builder().localNode(local).build();
        assertThat(p.format(new Pid(local, 113, 5, 3))).isEqualTo("<0.113.5>");
        assertThat(p.format(new Port(local, 7, 3))).isEqualTo("#Port<0.7>");
        assertThat(p.format(new Ref(local, 3, 1, 2, 3))).isEqualTo("#Ref<0.3.2.1>");
        assertThat(p.format(new Pid(local, -1, -1, 0))).isEqualTo("<0.4294967295.4294967295>");
        assertThat(p.format(new Port(local, -1L, 0))).isEqualTo("#Port<0.18446744073709551615>");
    }

    @Test
    void otherNodesAreNumberedInTheOrderThePrinterMeetsThem() {
        TermPrinter p = TermPrinter.builder().build();
        Atom b = atom("b@host");
        Atom c = atom("c@host");
        assertThat(p.format(list(new Pid(c, 1, 2, 3), new Pid(b, 4, 5, 6), new Pid(c, 7, 8, 9))))
                .isEqualTo("[<1.1.2>,<2.4.5>,<1.7.8>]");
        assertThat(p.format(new Ref(b, 1, 9))).isEqualTo("#Ref<2.9>");
        assertThat(p.format(new Port(c, 5, 1))).isEqualTo("#Port<1.5>");
    }

    @Test
    void exactModeShowsNodeNamesAndCreations() {
        TermPrinter exact = TermPrinter.exact();
        assertThat(exact.format(new Pid(atom("a@b"), 113, 0, 3))).isEqualTo("<'a@b'.113.0.3>");
        assertThat(exact.format(new Pid(atom("nonode@nohost"), 1, 2, 0))).isEqualTo("<'nonode@nohost'.1.2.0>");
        assertThat(exact.format(new Port(atom("a@127.0.0.1"), 7, -1))).isEqualTo("#Port<'a@127.0.0.1'.7.4294967295>");
        assertThat(exact.format(new Ref(atom("a@b"), 7, 1, 2, 3))).isEqualTo("#Ref<'a@b'.3.2.1.7>");
        assertThat(exact.format(tuple(atom("Ok"), new ErlFloat(0.5)))).isEqualTo("{'Ok',0.5}");
    }

    @Test
    void funsPrintAsErlShowsThem() {
        Fun fun = new Fun(atom("erl_eval"), 1, 42, 3316493, new byte[] {0, 0, 0, 4});
        assertThat(print(fun)).isEqualTo("#Fun<erl_eval.42.3316493>");
        Fun elixir = new Fun(atom("Elixir.Foo"), 1, 0, 116338984, new byte[] {1, 2});
        assertThat(print(elixir)).isEqualTo("#Fun<Elixir.Foo.0.116338984>");
        assertThat(TermPrinter.exact().format(elixir)).isEqualTo("#Fun<'Elixir.Foo'.0.116338984.<<1,2>>>");
        assertThat(print(new ExportFun(atom("lists"), atom("map"), 2))).isEqualTo("fun lists:map/2");
        assertThat(print(new ExportFun(atom("erlang"), atom("+"), 2))).isEqualTo("fun erlang:'+'/2");
        assertThat(print(new ExportFun(atom("A b"), atom("x y"), 3))).isEqualTo("fun 'A b':'x y'/3");
        // Valid Erlang where OTP 25 prints fun 'a@b':fun/1 (see the class description).
        assertThat(print(new ExportFun(atom("a@b"), atom("fun"), 1))).isEqualTo("fun a@b:'fun'/1");
        assertThat(print(new ExportFun(atom("é"), atom("f"), 1))).isEqualTo("fun é:f/1");
    }

    @Test
    void deeplyNestedTermsPrintWithoutRecursion() {
        Term t = Nil.NIL;
        for (int i = 0; i < 200_000; i++) {
            t = i % 2 == 0 ? tuple(t) : list(t);
        }
        String text = print(t);
        assertThat(text).hasSize(200_000 * 2 + 2).startsWith("[{[{").endsWith("}]}]");
    }

    @Test
    void toStringUsesTheStandardPrinter() {
        assertThat(tuple(atom("ok"), Binary.utf8("x")).toString()).isEqualTo("{ok,<<\"x\">>}");
        assertThat(TermPrinter.print(atom("Ok"))).isEqualTo("'Ok'");
    }

    private static Binary bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return Binary.of(b);
    }
}
