package io.beamlink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beamlink.cli.EpmdArguments.Action;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpmdArgumentsTest {

    private static EpmdArguments parse(String... args) throws EpmdArguments.UsageException {
        return EpmdArguments.parse(List.of(args), Map.of());
    }

    @Test
    void withoutArgumentsItIsADaemonOnOtpsDefaults() throws Exception {
        EpmdArguments parsed = parse();
        assertThat(parsed.action()).isEqualTo(Action.DAEMON);
        assertThat(parsed.port()).isEqualTo(4369);
        assertThat(parsed.listenAddresses()).isEmpty();
        assertThat(parsed.debugLevel()).isZero();
        assertThat(parsed.relaxedCommandCheck()).isFalse();
        assertThat(parsed.packetTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsOtpsSingleDashOptionsInAnyOrder() throws Exception {
        EpmdArguments parsed = parse("-d", "-port", "4370", "-debug", "-relaxed_command_check", "-d",
                "-address", "127.0.0.1,::1", "-packet_timeout", "5", "-delay_accept", "1", "-delay_write", "2");
        assertThat(parsed.port()).isEqualTo(4370);
        assertThat(parsed.debugLevel()).isEqualTo(3);
        assertThat(parsed.relaxedCommandCheck()).isTrue();
        assertThat(parsed.listenAddresses()).extracting(a -> a.getHostAddress()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(parsed.packetTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parsed.delayAccept()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parsed.delayWrite()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void clientCommandsComeLast() throws Exception {
        assertThat(parse("-port", "4370", "-names").action()).isEqualTo(Action.NAMES);
        assertThat(parse("-started").action()).isEqualTo(Action.STARTED);
        assertThat(parse("-dump").action()).isEqualTo(Action.DUMP);
        assertThat(parse("-kill").action()).isEqualTo(Action.KILL);
        EpmdArguments stop = parse("-stop", "app");
        assertThat(stop.action()).isEqualTo(Action.STOP);
        assertThat(stop.stopName()).isEqualTo("app");
        assertThatThrownBy(() -> parse("-names", "-port", "4370")).hasMessageContaining("-names must be the last");
        assertThatThrownBy(() -> parse("-stop")).hasMessageContaining("-stop takes one name");
        assertThatThrownBy(() -> parse("-stop", "a", "b")).hasMessageContaining("-stop takes one name");
    }

    @Test
    void numbersAreReadLikeAtoiAndZeroIsAUsageError() throws Exception {
        assertThat(parse("-port", "4370abc", "-names").port()).isEqualTo(4370);
        assertThat(EpmdArguments.atoi("  -12x")).isEqualTo(-12);
        assertThat(EpmdArguments.atoi("x")).isZero();
        assertThat(EpmdArguments.atoi("9".repeat(40))).isPositive();
        assertThatThrownBy(() -> parse("-port", "abc")).hasMessageContaining("-port abc is not a port number");
        assertThatThrownBy(() -> parse("-port", "70000")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> parse("-packet_timeout", "0")).hasMessageContaining("positive number of seconds");
        assertThatThrownBy(() -> parse("-port")).hasMessageContaining("-port needs a value");
        assertThatThrownBy(() -> parse("--port", "1")).hasMessageContaining("unknown option --port");
    }

    @Test
    void readsOtpsEnvironmentVariables() throws Exception {
        EpmdArguments parsed = EpmdArguments.parse(List.of(), Map.of("ERL_EPMD_PORT", "4371",
                "ERL_EPMD_RELAXED_COMMAND_CHECK", "", "ERL_EPMD_ADDRESS", "127.0.0.1"));
        assertThat(parsed.port()).isEqualTo(4371);
        assertThat(parsed.relaxedCommandCheck()).as("any value, even empty, turns it on").isTrue();
        assertThat(parsed.listenAddresses()).extracting(a -> a.getHostAddress()).containsExactly("127.0.0.1");
        assertThat(EpmdArguments.parse(List.of("-port", "4372"), Map.of("ERL_EPMD_PORT", "4371")).port())
                .as("-port wins").isEqualTo(4372);
        assertThatThrownBy(() -> EpmdArguments.parse(List.of(), Map.of("ERL_EPMD_PORT", "x")))
                .hasMessageContaining("ERL_EPMD_PORT=x");
    }

    @Test
    void addressesAreNumericOnlyAndCheckedWhenTheDaemonStarts() throws Exception {
        EpmdArguments parsed = parse("-address", "localhost");
        assertThatThrownBy(parsed::listenAddresses).hasMessage("cannot parse IP address \"localhost\"");
        assertThat(parse("-address", "localhost", "-names").action()).as("a client command ignores -address")
                .isEqualTo(Action.NAMES);
        assertThatThrownBy(() -> parse("-address", "256.0.0.1").listenAddresses()).hasMessageContaining("256.0.0.1");
        assertThatThrownBy(() -> parse("-address", "1:::2").listenAddresses()).hasMessageContaining("1:::2");
    }

    @Test
    void helpIsAskedForWithDashH() throws Exception {
        assertThat(parse("--help").action()).isEqualTo(Action.HELP);
        assertThat(parse("-h").action()).isEqualTo(Action.HELP);
    }
}
