package io.beamlink.term;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Printing then parsing gives the same term back: in exact mode for every term, in the
 * standard mode for terms without pids, ports, references and local funs (whose standard form
 * lacks node and creation). Generating terms is the slow part, hence the modest tries.
 */
class TermTextPropertiesTest {
    private static final TermPrinter UNICODE = TermPrinter.builder().printableRange(PrintableRange.UNICODE).build();

    @Provide
    Arbitrary<Term> terms() {
        return TermArbitraries.terms();
    }

    @Provide
    Arbitrary<Term> termsWithoutIdentifiers() {
        Arbitrary<Term> leaves = Arbitraries.oneOf(
                TermArbitraries.atoms().map(Term.class::cast),
                TermArbitraries.integers(),
                TermArbitraries.floats().map(Term.class::cast),
                TermArbitraries.binaries().map(Term.class::cast),
                TermArbitraries.bitStrings().map(Term.class::cast),
                TermArbitraries.strings(),
                TermArbitraries.exportFuns().map(Term.class::cast),
                Arbitraries.just(Nil.NIL));
        return Arbitraries.recursive(() -> leaves, TermArbitraries::containersOf, 0, 4);
    }

    @Property(tries = 300)
    void exactTextIsOneLineAndParsesBackToTheSameTerm(@ForAll("terms") Term term) throws TermParseException {
        String text = TermPrinter.exact().format(term);
        assertThat(text).doesNotContain("\n", "\r");
        Term parsed = TermParser.parse(text);
        assertThat(parsed).isEqualTo(term);
        assertThat(TermPrinter.exact().format(parsed)).isEqualTo(text);
    }

    @Property(tries = 300)
    void standardTextParsesBackToTheSameTerm(@ForAll("termsWithoutIdentifiers") Term term) throws TermParseException {
        assertThat(TermParser.parse(TermPrinter.standard().format(term))).isEqualTo(term);
        assertThat(TermParser.parse(UNICODE.format(term))).isEqualTo(term);
    }
}
