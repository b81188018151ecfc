package io.beamlink.term.mapping;

import io.beamlink.term.Atom;
import io.beamlink.term.BigInt;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlFloat;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Term;
import io.beamlink.term.TermPrinter;
import io.beamlink.term.Tuple;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The term-to-Java direction of a {@link TermMapper}. */
final class TermToJava {
    static final Atom STRUCT_KEY = Atom.of("__struct__");
    private static final int MAX_TERM_TEXT = 120;
    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

    private final TermMapper config;

    TermToJava(TermMapper config) {
        this.config = config;
    }

    Object natural(Term term, int depth) {
        checkDepth(depth);
        return switch (term) {
            case Atom a when a.equals(config.nullAtom()) -> null;
            case Atom a when a.isBoolean() -> a.equals(Atom.TRUE);
            case Int(long v) -> v;
            case BigInt(BigInteger v) -> v;
            case ErlFloat(double v) -> v;
            case Binary b -> config.binaries() == TermMapper.BinaryDecoding.BYTES ? b.toByteArray() : stringOrBytes(b);
            case Nil n -> List.of();
            case ErlList l when l.isProper() -> naturalList(l, depth);
            case ErlMap m -> naturalMap(m, depth);
            default -> term;
        };
    }

    private static Object stringOrBytes(Binary binary) {
        String text = strictUtf8(binary);
        return text != null ? text : binary.toByteArray();
    }

    private List<Object> naturalList(ErlList list, int depth) {
        List<Object> values = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                values.add(natural(list.get(i), depth + 1));
            } catch (TermMappingException e) {
                throw e.within("[" + i + "]");
            }
        }
        return Collections.unmodifiableList(values);
    }

    private Object naturalMap(ErlMap map, int depth) {
        if (map.get(STRUCT_KEY) instanceof Atom module && config.structClass(module) != null) {
            return record(map, config.structClass(module), depth);
        }
        Map<Object, Object> values = new LinkedHashMap<>();
        for (Map.Entry<Term, Term> e : map.entries().entrySet()) {
            try {
                values.put(natural(e.getKey(), depth + 1), natural(e.getValue(), depth + 1));
            } catch (TermMappingException failure) {
                throw failure.within(segment(e.getKey()));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    Object typed(Term term, Type type, int depth) {
        checkDepth(depth);
        return switch (type) {
            case Class<?> c -> typedClass(term, c, depth);
            case ParameterizedType p -> parameterized(term, p, depth);
            case GenericArrayType a -> array(term, a.getGenericComponentType(), depth);
            case WildcardType w -> typed(term, w.getUpperBounds()[0], depth);
            case TypeVariable<?> v -> typed(term, v.getBounds()[0], depth);
            default -> throw new TermMappingException("cannot map to the type " + type + ": unknown kind of type");
        };
    }

    private Object typedClass(Term term, Class<?> type, int depth) {
        if (type == Object.class) {
            return natural(term, depth);
        }
        if (Term.class.isAssignableFrom(type)) {
            if (type.isInstance(term)) {
                return term;
            }
            throw mismatch(term, type, "it is not a " + type.getSimpleName());
        }
        if (term.equals(config.nullAtom()) && !type.isPrimitive()) {
            return type == Optional.class ? Optional.empty() : null;
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class) {
            return scalar(term, type);
        }
        if (type == String.class) {
            return string(term);
        }
        if (type == byte[].class) {
            if (term instanceof Binary b) {
                return b.toByteArray();
            }
            throw mismatch(term, type, "it is not a binary");
        }
        if (type.isEnum()) {
            return enumConstant(term, type);
        }
        if (type.isRecord()) {
            return record(term, type, depth);
        }
        if (type == Optional.class) {
            return Optional.ofNullable(natural(term, depth + 1));
        }
        if (type.isArray()) {
            return array(term, type.getComponentType(), depth);
        }
        if (type.isAssignableFrom(ArrayList.class)) {
            return list(term, Object.class, depth, type);
        }
        if (type.isAssignableFrom(LinkedHashSet.class)) {
            return set(term, Object.class, depth, type);
        }
        if (type.isAssignableFrom(LinkedHashMap.class)) {
            return map(term, Object.class, Object.class, depth, type);
        }
        throw mismatch(term, type, "the mapper has no rule for " + type.getName());
    }

    private Object parameterized(Term term, ParameterizedType type, int depth) {
        if (!(type.getRawType() instanceof Class<?> raw)) {
            throw new TermMappingException("cannot map to the type " + type + ": its raw type is not a class");
        }
        Type[] arguments = type.getActualTypeArguments();
        if (raw == Optional.class) {
            return term.equals(config.nullAtom()) ? Optional.empty() : Optional.ofNullable(typed(term, arguments[0], depth + 1));
        }
        if (term.equals(config.nullAtom())) {
            return null;
        }
        if (raw.isAssignableFrom(ArrayList.class)) {
            return list(term, arguments[0], depth, type);
        }
        if (raw.isAssignableFrom(LinkedHashSet.class)) {
            return set(term, arguments[0], depth, type);
        }
        if (raw.isAssignableFrom(LinkedHashMap.class)) {
            return map(term, arguments[0], arguments[1], depth, type);
        }
        return typedClass(term, raw, depth);
    }

    private static Object scalar(Term term, Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            if (term instanceof Atom a && a.isBoolean()) {
                return a.equals(Atom.TRUE);
            }
            throw mismatch(term, type, "only the atoms true and false are booleans");
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            double value = switch (term) {
                case ErlFloat(double v) -> v;
                case Int(long v) when Math.abs(v) <= MAX_EXACT_DOUBLE_INTEGER -> v;
                default -> throw mismatch(term, type, "it is not a float, nor an integer a double holds exactly");
            };
            return type == double.class || type == Double.class ? (Object) value : (Object) (float) value;
        }
        if (type == BigInteger.class || type == Number.class) {
            return switch (term) {
                case Int(long v) -> type == Number.class ? (Object) v : BigInteger.valueOf(v);
                case BigInt(BigInteger v) -> v;
                case ErlFloat(double v) when type == Number.class -> v;
                default -> throw mismatch(term, type, "it is not an integer");
            };
        }
        long value = switch (term) {
            case Int(long v) -> v;
            case BigInt b -> throw mismatch(term, type, "it is out of range");
            default -> throw mismatch(term, type, "it is not an integer");
        };
        if (type == long.class || type == Long.class) {
            return value;
        }
        if (type == int.class || type == Integer.class) {
            return (int) inRange(term, type, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == short.class || type == Short.class) {
            return (short) inRange(term, type, value, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (type == byte.class || type == Byte.class) {
            return (byte) inRange(term, type, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        if (type == char.class || type == Character.class) {
            return (char) inRange(term, type, value, Character.MIN_VALUE, Character.MAX_VALUE);
        }
        throw mismatch(term, type, "the mapper has no rule for " + type.getName());
    }

    private static long inRange(Term term, Class<?> type, long value, long min, long max) {
        if (value < min || value > max) {
            throw mismatch(term, type, "it is out of range " + min + ".." + max);
        }
        return value;
    }

    private static String string(Term term) {
        switch (term) {
            case Binary b -> {
                String text = strictUtf8(b);
                if (text == null) {
                    throw mismatch(term, String.class, "the binary is not valid UTF-8");
                }
                return text;
            }
            case Nil n -> {
                return "";
            }
            case ErlList l -> {
                String text = l.asCharlist();
                if (text == null) {
                    throw mismatch(term, String.class, "the list is not a list of Unicode code points");
                }
                return text;
            }
            case Atom a -> {
                return a.name();
            }
            default -> throw mismatch(term, String.class, "only binaries, charlists and atoms are strings");
        }
    }

    private static Object enumConstant(Term term, Class<?> type) {
        if (!(term instanceof Atom atom)) {
            throw mismatch(term, type, "enum constants are atoms");
        }
        Object lowerCaseMatch = null;
        for (Object constant : type.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            if (name.equals(atom.name())) {
                return constant;
            }
            if (name.toLowerCase(Locale.ROOT).equals(atom.name())) {
                lowerCaseMatch = constant;
            }
        }
        if (lowerCaseMatch == null) {
            throw mismatch(term, type, "no constant of " + type.getSimpleName() + " has this name");
        }
        return lowerCaseMatch;
    }

    private Object record(Term term, Class<?> type, int depth) {
        RecordShape shape = RecordShape.of(type);
        List<RecordShape.Component> components = shape.components();
        Object[] values = new Object[components.size()];
        if (term instanceof Tuple tuple) {
            if (!tuple.isTagged(shape.tupleTag(), components.size() + 1)) {
                throw mismatch(term, type, "a tuple must be {" + shape.tupleTag() + ", ...} with "
                        + components.size() + " values");
            }
            for (int i = 0; i < components.size(); i++) {
                values[i] = component(tuple.get(i + 1), components.get(i), depth);
            }
        } else if (term instanceof ErlMap map) {
            Atom module = config.structModule(type);
            Term struct = map.get(STRUCT_KEY);
            if (module != null && struct != null && !module.equals(struct)) {
                throw mismatch(term, type, "it is a " + TermPrinter.print(struct) + " struct, not a " + module.name());
            }
            for (int i = 0; i < components.size(); i++) {
                RecordShape.Component c = components.get(i);
                Term value = map.get(c.key(config.fieldNaming()));
                if (value == null) {
                    value = map.get(Binary.utf8(c.key(config.fieldNaming()).name()));
                }
                if (value == null) {
                    if (c.type() != Optional.class && !(c.type() instanceof ParameterizedType p && p.getRawType() == Optional.class)) {
                        throw mismatch(term, type, "the key " + TermPrinter.print(c.key(config.fieldNaming()))
                                + " is missing");
                    }
                    values[i] = Optional.empty();
                } else {
                    values[i] = component(value, c, depth);
                }
            }
        } else {
            throw mismatch(term, type, "records are read from maps and tagged tuples");
        }
        return shape.create(values);
    }

    private Object component(Term value, RecordShape.Component component, int depth) {
        try {
            return typed(value, component.type(), depth + 1);
        } catch (TermMappingException e) {
            throw e.within(component.name());
        }
    }

    private List<Object> list(Term term, Type elementType, int depth, Type target) {
        List<Object> values = new ArrayList<>();
        forEachElement(term, target, element -> values.add(typed(element, elementType, depth + 1)));
        return Collections.unmodifiableList(values);
    }

    private Set<Object> set(Term term, Type elementType, int depth, Type target) {
        Set<Object> values = new LinkedHashSet<>();
        forEachElement(term, target, element -> values.add(typed(element, elementType, depth + 1)));
        return Collections.unmodifiableSet(values);
    }

    private Object array(Term term, Type componentType, int depth) {
        Class<?> componentClass = erasure(componentType);
        List<Object> values = new ArrayList<>();
        forEachElement(term, componentClass.arrayType(), element -> values.add(typed(element, componentType, depth + 1)));
        Object array = Array.newInstance(componentClass, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, values.get(i));
        }
        return array;
    }

    private static void forEachElement(Term term, Type target, Consumer<Term> action) {
        if (term instanceof Nil) {
            return;
        }
        if (!(term instanceof ErlList list) || !list.isProper()) {
            throw mismatch(term, target, "it is not a proper list");
        }
        for (int i = 0; i < list.size(); i++) {
            try {
                action.accept(list.get(i));
            } catch (TermMappingException e) {
                throw e.within("[" + i + "]");
            }
        }
    }

    private Map<Object, Object> map(Term term, Type keyType, Type valueType, int depth, Type target) {
        if (!(term instanceof ErlMap map)) {
            throw mismatch(term, target, "it is not a map");
        }
        Map<Object, Object> values = new LinkedHashMap<>();
        for (Map.Entry<Term, Term> e : map.entries().entrySet()) {
            try {
                values.put(typed(e.getKey(), keyType, depth + 1), typed(e.getValue(), valueType, depth + 1));
            } catch (TermMappingException failure) {
                throw failure.within(segment(e.getKey()));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static Class<?> erasure(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> erasure(p.getRawType());
            case GenericArrayType a -> erasure(a.getGenericComponentType()).arrayType();
            case WildcardType w -> erasure(w.getUpperBounds()[0]);
            case TypeVariable<?> v -> erasure(v.getBounds()[0]);
            default -> Object.class;
        };
    }

    private void checkDepth(int depth) {
        if (depth > config.maxDepth()) {
            throw new TermMappingException("terms nested deeper than " + config.maxDepth() + " levels");
        }
    }

    private static String segment(Term key) {
        return "[" + shortText(key) + "]";
    }

    private static TermMappingException mismatch(Term term, Type type, String why) {
        String typeName = type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
        return new TermMappingException("cannot map " + shortText(term) + " to " + typeName + ": " + why);
    }

    private static String shortText(Term term) {
        String text = TermPrinter.print(term);
        return text.length() <= MAX_TERM_TEXT ? text : text.substring(0, MAX_TERM_TEXT) + "...";
    }

    private static String strictUtf8(Binary binary) {
        return binary.strictUtf8String();
    }
}
