package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.term.Atom;
import io.beamlink.term.Ref;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitors-by-reference map: its one inline entry and the others behave as one map. */
class RefMapTest {
    private static final Atom NODE = Atom.of("a@host");

    private static Ref ref(int n) {
        return new Ref(NODE, 1, n, 0, 0);
    }

    private static Map<Ref, String> contents(RefMap<String> map) {
        Map<Ref, String> seen = new LinkedHashMap<>();
        map.forEach(seen::put);
        return seen;
    }

    @Test
    void entriesCanBeAddedFoundByAnEqualRefAndRemovedInAnyOrder() {
        RefMap<String> map = new RefMap<>();
        for (int n = 1; n <= 4; n++) {
            map.put(ref(n), "v" + n);
        }
        assertThat(contents(map)).containsOnly(
                Map.entry(ref(1), "v1"), Map.entry(ref(2), "v2"), Map.entry(ref(3), "v3"), Map.entry(ref(4), "v4"));

        assertThat(map.remove(ref(1))).as("an equal ref, not the same object").isEqualTo("v1");
        assertThat(map.remove(ref(1))).isNull();
        assertThat(map.remove(ref(9))).isNull();
        assertThat(map.remove(ref(3))).isEqualTo("v3");
        assertThat(contents(map)).containsOnly(Map.entry(ref(2), "v2"), Map.entry(ref(4), "v4"));

        map.put(ref(2), "again");
        map.put(ref(5), "v5");
        map.put(ref(5), "v5 again");
        assertThat(contents(map)).as("a key put twice is there once, with its last value").containsOnly(
                Map.entry(ref(2), "again"), Map.entry(ref(4), "v4"), Map.entry(ref(5), "v5 again"));
    }

    @Test
    void removeIfDropsMatchingValuesWhereverTheyAre() {
        RefMap<String> map = new RefMap<>();
        map.put(ref(1), "drop");
        map.put(ref(2), "keep");
        map.put(ref(3), "drop");
        map.removeIf(v -> v.equals("drop"));
        assertThat(contents(map)).containsOnly(Map.entry(ref(2), "keep"));
        map.removeIf(v -> true);
        assertThat(contents(map)).isEmpty();
    }
}
