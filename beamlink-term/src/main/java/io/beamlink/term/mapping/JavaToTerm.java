package io.beamlink.term.mapping;

import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlFloat;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Java-to-term direction of a {@link TermMapper}. */
final class JavaToTerm {
    private final TermMapper config;

    JavaToTerm(TermMapper config) {
        this.config = config;
    }

    Term convert(Object value, int depth) {
        if (depth > config.maxDepth()) {
            throw new TermMappingException("values nested deeper than " + config.maxDepth()
                    + " levels (does a collection contain itself?)");
        }
        return switch (value) {
            case null -> config.nullAtom();
            case Term term -> term;
            case Boolean b -> Atom.of(b);
            case Long l -> Int.of(l);
            case Integer i -> Int.of(i);
            case Short s -> Int.of(s);
            case Byte b -> Int.of(b);
            case Character c -> Int.of(c);
            case BigInteger big -> Term.integer(big);
            case Double d -> floating(d);
            case Float f -> floating(f);
            case String s -> config.strings() == TermMapper.StringEncoding.BINARY ? Binary.utf8(s) : ErlList.charlist(s);
            case byte[] bytes -> Binary.copyOf(bytes);
            case Enum<?> e -> Atom.of(e.name().toLowerCase(Locale.ROOT));
            case Optional<?> o -> o.isPresent() ? convert(o.get(), depth + 1) : config.nullAtom();
            case Record r -> record(r, depth);
            case Map<?, ?> m -> map(m, depth);
            case Iterable<?> items -> list(items, depth);
            default -> {
                if (value.getClass().isArray()) {
                    yield array(value, depth);
                }
                throw new TermMappingException("no term for a " + value.getClass().getName()
                        + "; convert it to a record, collection, map, String, number or Term first");
            }
        };
    }

    private static Term floating(double value) {
        if (!Double.isFinite(value)) {
            throw new TermMappingException("no term for the double " + value + ": Erlang floats are finite");
        }
        return new ErlFloat(value);
    }

    private Term record(Record record, int depth) {
        RecordShape shape = RecordShape.of(record.getClass());
        List<RecordShape.Component> components = shape.components();
        Atom structModule = config.structModule(record.getClass());
        if (structModule == null && config.recordEncoding(record.getClass()) == TermMapper.RecordEncoding.TAGGED_TUPLE) {
            Term[] elements = new Term[components.size() + 1];
            elements[0] = shape.tupleTag();
            for (int i = 0; i < components.size(); i++) {
                elements[i + 1] = component(shape, record, components.get(i), depth);
            }
            return Tuple.of(elements);
        }
        Map<Term, Term> entries = new LinkedHashMap<>();
        if (structModule != null) {
            entries.put(TermToJava.STRUCT_KEY, structModule);
        }
        for (RecordShape.Component c : components) {
            entries.put(c.key(config.fieldNaming()), component(shape, record, c, depth));
        }
        return ErlMap.of(entries);
    }

    private Term component(RecordShape shape, Record record, RecordShape.Component component, int depth) {
        try {
            return convert(shape.read(record, component), depth + 1);
        } catch (TermMappingException e) {
            throw e.within(component.name());
        }
    }

    private Term map(Map<?, ?> map, int depth) {
        Map<Term, Term> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String segment = "[" + e.getKey() + "]";
            Term key;
            Term value;
            try {
                key = convert(e.getKey(), depth + 1);
                value = convert(e.getValue(), depth + 1);
            } catch (TermMappingException failure) {
                throw failure.within(segment);
            }
            if (entries.put(key, value) != null) {
                throw new TermMappingException("two keys of the map become the same term " + key).within(segment);
            }
        }
        return ErlMap.of(entries);
    }

    private Term list(Iterable<?> items, int depth) {
        List<Term> elements = new ArrayList<>();
        for (Object item : items) {
            try {
                elements.add(convert(item, depth + 1));
            } catch (TermMappingException e) {
                throw e.within("[" + elements.size() + "]");
            }
        }
        return ErlList.of(elements);
    }

    private Term array(Object array, int depth) {
        int length = Array.getLength(array);
        List<Term> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            try {
                elements.add(convert(Array.get(array, i), depth + 1));
            } catch (TermMappingException e) {
                throw e.within("[" + i + "]");
            }
        }
        return ErlList.of(elements);
    }
}
