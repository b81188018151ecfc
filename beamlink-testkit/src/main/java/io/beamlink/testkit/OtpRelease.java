package io.beamlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One OTP installation peers can be started from: the host's, or a Debian root filesystem
 * (prepared by {@code scripts/prepare-otp.sh}) entered with {@code chroot}. Peers in a root
 * filesystem share the host's network, so they reach host peers and Java nodes on loopback.
 *
 * <p>To run a test against every prepared release, parameterize it:
 * {@code @MethodSource("io.beamlink.testkit.OtpRelease#available")}.
 *
 * @param name  {@code "host"}, or the Debian suite of the root filesystem ({@code "trixie"}, {@code "sid"})
 * @param major the OTP major release, read from the installation
 * @param root  the root filesystem, or {@code null} for the host
 */
public record OtpRelease(String name, int major, Path root) {

    /** Environment variable (or system property {@code beamlink.otp.releases}) naming the releases to use, comma separated. */
    public static final String RELEASES_VARIABLE = "BEAMLINK_OTP_RELEASES";
    /** Environment variable naming the cache directory prepare-otp.sh builds root filesystems in. */
    public static final String CACHE_VARIABLE = "BEAMLINK_OTP_CACHE";

    private static final String HOST = "host";
    /** Inside a root filesystem the host's PATH means nothing; these are Debian's directories. */
    private static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Map<Path, Integer> MAJOR_BY_ROOT = new ConcurrentHashMap<>();

    public OtpRelease {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an OTP release needs a name");
        }
    }

    /** The OTP installed on this machine, found on the PATH. */
    public static OtpRelease host() {
        return HostRelease.INSTANCE;
    }

    /**
     * Every installation prepared on this machine, host first, then the root filesystems in
     * the cache of prepare-otp.sh by OTP version. Root filesystems need root (for chroot);
     * without it only the host is listed. {@value #RELEASES_VARIABLE} narrows the list, for
     * example to {@code trixie}; naming a release that is not prepared is an error, never a skip.
     */
    public static List<OtpRelease> available() {
        List<OtpRelease> all = new ArrayList<>();
        all.add(host());
        if (isRoot()) {
            all.addAll(preparedRoots());
        }
        Optional<String> wanted = Optional.ofNullable(System.getProperty("beamlink.otp.releases"))
                .or(() -> Optional.ofNullable(System.getenv(RELEASES_VARIABLE)))
                .filter(text -> !text.isBlank());
        if (wanted.isEmpty()) {
            return List.copyOf(all);
        }
        List<OtpRelease> chosen = new ArrayList<>();
        for (String name : wanted.get().split(",")) {
            String trimmed = name.trim();
            chosen.add(all.stream().filter(r -> r.name().equals(trimmed)).findFirst().orElseThrow(() ->
                    new OtpPeerException(RELEASES_VARIABLE + " names OTP release '" + trimmed + "', but only "
                            + all.stream().map(OtpRelease::name).toList() + " are prepared in " + cacheDirectory()
                            + (isRoot() ? "" : " (root filesystems need root)")
                            + "; run scripts/prepare-otp.sh as root to prepare trixie and sid")));
        }
        return List.copyOf(chosen);
    }

    /** Where prepare-otp.sh keeps root filesystems: {@value #CACHE_VARIABLE}, else ~/.cache/beamlink/otp. */
    public static Path cacheDirectory() {
        String configured = System.getenv(CACHE_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "beamlink", "otp");
    }

    /**
     * A process builder for a program of this installation ({@code erl}, {@code epmd},
     * {@code elixir}, {@code escript}...), wrapped in {@code chroot} for a root filesystem.
     */
    public ProcessBuilder command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (root != null) {
            command.add("chroot");
            command.add(root.toString());
        }
        command.add(program);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (root != null) {
            builder.environment().put("PATH", ROOT_PATH);
            builder.environment().put("HOME", "/root");
            // Minimal Debian has no locales but this built-in one; without it Elixir warns about latin1.
            builder.environment().put("LANG", "C.UTF-8");
            builder.environment().remove("LC_ALL");
        }
        return builder;
    }

    public boolean hasElixir() {
        if (root != null) {
            return Files.isExecutable(root.resolve("usr/bin/elixir"));
        }
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":"))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, "elixir")));
    }

    @Override
    public String toString() {
        return name + " (OTP " + major + ")";
    }

    private static List<OtpRelease> preparedRoots() {
        Path cache = cacheDirectory();
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        List<OtpRelease> roots = new ArrayList<>();
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path stamp : entries.filter(p -> p.getFileName().toString().endsWith(".stamp")).toList()) {
                String suite = stamp.getFileName().toString().replaceFirst("\\.stamp$", "");
                Path root = cache.resolve(suite);
                if (Files.isExecutable(root.resolve("usr/bin/erl"))) {
                    roots.add(new OtpRelease(suite, majorOf(root, stamp), root));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the OTP cache " + cache, e);
        }
        roots.sort(Comparator.comparingInt(OtpRelease::major).thenComparing(OtpRelease::name));
        return roots;
    }

    /** The stamp written by prepare-otp.sh records the release; older stamps may not, so ask erl then. */
    private static int majorOf(Path root, Path stamp) {
        return MAJOR_BY_ROOT.computeIfAbsent(root, r -> {
            try {
                for (String line : Files.readAllLines(stamp, StandardCharsets.UTF_8)) {
                    if (line.startsWith("otp_release=")) {
                        return Integer.parseInt(line.substring("otp_release=".length()).trim());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to asking the installation itself
            }
            return readMajor(new OtpRelease(stamp.getFileName().toString(), 0, r));
        });
    }

    static int readMajor(OtpRelease installation) {
        ProcessBuilder builder = installation.command("erl", "-noshell", "-eval",
                "io:put_chars(erlang:system_info(otp_release)), halt().");
        builder.redirectErrorStream(true);
        builder.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
        String output;
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ProcessOutput printed = ProcessOutput.collect(process.getInputStream(), "otp-release-" + installation.name());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new OtpPeerException("erl of " + installation.name() + " did not halt within 30 s: "
                        + printed.tail(20));
            }
            printed.awaitEnd(ProcessTree.GRACE);
            output = String.join("\n", printed.lines()).trim();
        } catch (IOException e) {
            throw new OtpPeerException("cannot run erl of OTP installation " + installation.name()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtpPeerException("interrupted while asking " + installation.name() + " for its OTP release", e);
        }
        if (!output.matches("\\d{1,3}")) {
            throw new OtpPeerException("erl of OTP installation " + installation.name()
                    + " did not print its release number but: " + output);
        }
        return Integer.parseInt(output);
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the host's erl once per JVM. */
    private static final class HostRelease {
        static final OtpRelease INSTANCE = new OtpRelease(HOST, readMajor(new OtpRelease(HOST, 0, null)), null);
    }
}
