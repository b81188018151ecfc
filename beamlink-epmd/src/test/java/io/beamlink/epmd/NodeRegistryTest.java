package io.beamlink.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
    private final DebugCapture debug = new DebugCapture();

    private static Alive2Request request(String name, int high) throws MalformedRequestException {
        return RequestParser.alive2(RequestBytes.alive2(name, 5000, high, Math.min(high, 6)));
    }

    @Test
    void aNewNameGetsTheCurrentTimePlusOneAsCreation() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        long before = System.currentTimeMillis() / 1000;
        long creation = registry.register(request("app", 6), new FakePeer(5, true));
        long after = System.currentTimeMillis() / 1000;
        assertThat(creation).isBetween(before + 1, after + 1);
    }

    @Test
    void reRegisteringARememberedNameBumpsItsCreation() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        FakePeer first = new FakePeer(5, true);
        long creation = registry.register(request("app", 6), first);
        registry.unregister(first);
        long next = registry.register(request("app", 6), new FakePeer(5, true));
        assertThat(next).isEqualTo(creation + 1);
    }

    @Test
    void legacyRegistrantsGetCreationOneToThreeFromTheSameCounter() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        FakePeer modern = new FakePeer(5, true);
        long counter = registry.register(request("app", 6), modern);
        registry.unregister(modern);
        long legacy = registry.register(request("app", 5), new FakePeer(6, true));
        assertThat(legacy).isEqualTo((counter + 1) % 3 + 1).isBetween(1L, 3L);
    }

    @Test
    void aLiveNameCannotBeRegisteredTwice() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        registry.register(request("app", 6), new FakePeer(5, true));
        assertThat(registry.register(request("app", 6), new FakePeer(6, true))).isEqualTo(-1);
        assertThat(debug.lines()).containsExactly("epmd: node name already occupied app");
    }

    @Test
    void whenMoreThanTheLimitAreRememberedANewNameTakesTheOldestSlotWithItsCounter() throws Exception {
        NodeRegistry registry = new NodeRegistry(2, debug.log(0));
        long oldest = -1;
        for (String name : new String[] {"a", "b", "c"}) {
            FakePeer peer = new FakePeer(5, true);
            long creation = registry.register(request(name, 6), peer);
            oldest = oldest < 0 ? creation : oldest;
            registry.unregister(peer);
        }
        assertThat(registry.rememberedOldestFirst()).extracting(n -> n.name().text()).containsExactly("a", "b", "c");
        long recycled = registry.register(request("d", 6), new FakePeer(5, true));
        assertThat(recycled).as("OTP keeps the recycled slot's counter as it is").isEqualTo(oldest);
        assertThat(registry.rememberedOldestFirst()).extracting(n -> n.name().text()).containsExactly("b", "c");
    }

    @Test
    void namesAreListedNewestFirstAndRememberedOldestFirst() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        FakePeer a = new FakePeer(5, true);
        FakePeer b = new FakePeer(6, true);
        registry.register(request("a", 6), a);
        registry.register(request("b", 6), b);
        registry.register(request("c", 6), new FakePeer(7, true));
        assertThat(registry.activeNewestFirst()).extracting(n -> n.name().text()).containsExactly("c", "b", "a");
        registry.unregister(b);
        registry.unregister(a);
        assertThat(registry.rememberedOldestFirst()).extracting(n -> n.name().text()).containsExactly("b", "a");
        assertThat(registry.rememberedOldestFirst()).extracting(NodeRegistry.RegisteredNode::fd).containsExactly(6, 5);
    }

    @Test
    void refusesWhatOtpRefusesWithItsLogLines() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        FakePeer peer = new FakePeer(5, true);
        assertThat(registry.register(RequestParser.alive2(RequestBytes.alive2("é".repeat(256), 1, 6, 6)), peer)).isEqualTo(-1);
        assertThat(registry.register(RequestParser.alive2(
                RequestBytes.alive2(new byte[] {'a', (byte) 0xff}, 1, 6, 6, new byte[0])), peer)).isEqualTo(-1);
        assertThat(registry.register(RequestParser.alive2(
                RequestBytes.alive2("x".getBytes(StandardCharsets.UTF_8), 1, 6, 6, new byte[1021])), peer)).isEqualTo(-1);
        assertThat(debug.lines()).containsExactly(
                "epmd: node name is too long (512) " + "é".repeat(256),
                "epmd: invalid node name encoding",
                "epmd: extra data is too long (1021) ");
        assertThat(registry.hasActive()).isFalse();
    }

    @Test
    void unregisteringLogsAsOtpAndUnknownConnectionsAreReported() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(1));
        FakePeer peer = new FakePeer(5, true);
        long creation = registry.register(request("app", 6), peer);
        registry.unregister(peer);
        registry.unregister(new FakePeer(9, true));
        assertThat(registry.unregister(WireName.of(new byte[] {'z'}, 0, 1))).isNull();
        assertThat(debug.lines()).containsExactly(
                "epmd: registering 'app:" + creation + "', port 5000",
                "epmd: type 77 proto 0 highvsn 6 lowvsn 6",
                "epmd: unregistering 'app:" + creation + "', port 5000",
                "epmd: trying to unregister node with unknown file descriptor 9",
                "epmd: trying to unregister node with unknown name z");
    }

    @Test
    void stopReturnsTheOwningConnection() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(0));
        FakePeer owner = new FakePeer(5, true);
        registry.register(request("app", 6), owner);
        assertThat(registry.unregister(WireName.of("app".getBytes(StandardCharsets.UTF_8), 0, 3))).isSameAs(owner);
        assertThat(registry.lookup(WireName.of("app".getBytes(StandardCharsets.UTF_8), 0, 3))).isNull();
    }

    @Test
    void levelThreePrintsTheNameTable() throws Exception {
        NodeRegistry registry = new NodeRegistry(1000, debug.log(3));
        FakePeer peer = new FakePeer(5, true);
        long creation = registry.register(request("app", 6), peer);
        assertThat(debug.lines()).endsWith(
                "*****     active name     \"app#" + creation + "\" at port 5000, fd = 5",
                "*****     reg calculated count  : 1",
                "*****     unreg counter         : 0",
                "*****     unreg calculated count: 0");
        assertThat(debug.lines().get(0)).startsWith("epmd: time in seconds: ");
    }
}
