package io.beamlink.term.mapping;

import io.beamlink.term.Atom;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/** What the mapper needs to know of a record class: its components and canonical constructor. */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    /** One record component, with its map key under either naming. */
    record Component(String name, Atom declaredKey, Atom snakeCaseKey, Type type, Method accessor) {
        Atom key(TermMapper.FieldNaming naming) {
            return naming == TermMapper.FieldNaming.SNAKE_CASE ? snakeCaseKey : declaredKey;
        }
    }

    private final Class<?> type;
    private final List<Component> components;
    private final Constructor<?> constructor;
    private final Atom tupleTag;

    private RecordShape(Class<?> type) {
        this.type = type;
        RecordComponent[] declared = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[declared.length];
        Component[] found = new Component[declared.length];
        for (int i = 0; i < declared.length; i++) {
            RecordComponent c = declared[i];
            parameterTypes[i] = c.getType();
            found[i] = new Component(c.getName(), Atom.of(c.getName()), Atom.of(FieldNames.snakeCase(c.getName())),
                    c.getGenericType(), c.getAccessor());
        }
        this.components = List.of(found);
        try {
            this.constructor = type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        this.tupleTag = Atom.of(FieldNames.snakeCase(type.getSimpleName()));
    }

    static RecordShape of(Class<?> recordType) {
        return SHAPES.get(recordType);
    }

    List<Component> components() {
        return components;
    }

    /** The first element of the record as a tagged tuple: the class's simple name in snake_case. */
    Atom tupleTag() {
        return tupleTag;
    }

    Object read(Object record, Component component) {
        try {
            component.accessor().setAccessible(true);
            return component.accessor().invoke(record);
        } catch (InvocationTargetException e) {
            throw new TermMappingException("accessor " + component.name() + "() of " + type.getName()
                    + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw inaccessible(e);
        }
    }

    Object create(Object[] values) {
        try {
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new TermMappingException("the constructor of " + type.getName() + " rejected the values: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw inaccessible(e);
        }
    }

    private TermMappingException inaccessible(Exception e) {
        return new TermMappingException("record " + type.getName() + " is not accessible to the mapper ("
                + e + "); make it public or open its package to io.beamlink.term", e);
    }
}
