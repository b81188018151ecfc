package io.beamlink.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code beamlink version}: the Beamlink version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the Beamlink version and the Java runtime.")
public final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        Properties props = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/beamlink-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource means a broken jar; report it as unknown rather than fail.
        }
        return props.getProperty("version", "unknown");
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("beamlink " + version() + " (Java " + Runtime.version() + ")");
    }

    /** Feeds {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"beamlink " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
