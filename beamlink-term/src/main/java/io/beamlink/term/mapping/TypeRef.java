package io.beamlink.term.mapping;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type to map a term to, captured by an anonymous subclass because Java erases type
 * arguments: {@code mapper.toJava(term, new TypeRef<List<String>>() {})}.
 */
public abstract class TypeRef<T> {
    private final Type type;

    protected TypeRef() {
        if (!(getClass().getGenericSuperclass() instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("create a TypeRef as an anonymous subclass: new TypeRef<List<String>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    public Type type() {
        return type;
    }
}
