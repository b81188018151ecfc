package io.beamlink.bench.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void nestedObjectsAndArraysWithCommasAndIndentation() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value(1.23456).value(true).endArray()
                .name("c").beginObject().endObject()
                .endObject().toString();
        assertThat(json).isEqualTo("""
                {
                  "a": 1,
                  "b": [
                    1.235,
                    true
                  ],
                  "c": {}
                }
                """);
    }

    @Test
    void stringsAreEscaped() {
        String json = new JsonWriter().beginArray().value("q\"b\\n\n\u0001").endArray().toString();
        assertThat(json).isEqualTo("[\n  \"q\\\"b\\\\n\\n\\u0001\"\n]\n");
    }

    @Test
    void nonFiniteNumbersAndUnclosedValuesAreRefused() {
        assertThatThrownBy(() -> new JsonWriter().value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString()).isInstanceOf(IllegalStateException.class);
    }
}
