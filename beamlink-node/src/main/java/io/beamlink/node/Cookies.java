package io.beamlink.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The {@code ~/.erlang.cookie} file as {@code erl} treats it: read when present, created with
 * 20 random upper-case letters and owner-only permissions when missing, refused when others
 * may read it.
 */
public final class Cookies {
    private static final int GENERATED_LENGTH = 20;

    private Cookies() {
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".erlang.cookie");
    }

    /** The cookie in {@code file}, creating the file as {@code erl} does when it is missing. */
    public static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                create(file);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; read theirs.
            }
        }
        checkPermissions(file);
        String cookie = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
        if (cookie.isEmpty()) {
            throw new IOException("cookie file " + file + " is empty; put a cookie in it or pass one explicitly");
        }
        return cookie;
    }

    private static void create(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder cookie = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            cookie.append((char) ('A' + random.nextInt(26)));
        }
        Set<PosixFilePermission> ownerRead = PosixFilePermissions.fromString("r--------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, cookie, StandardCharsets.ISO_8859_1);
            Files.setPosixFilePermissions(file, ownerRead);
        } catch (UnsupportedOperationException notPosix) {
            Files.writeString(file, cookie, StandardCharsets.ISO_8859_1);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        for (PosixFilePermission p : perms) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                    && p != PosixFilePermission.OWNER_EXECUTE) {
                throw new IOException("cookie file " + file + " must be accessible by owner only (it is "
                        + PosixFilePermissions.toString(perms) + "); run: chmod 400 " + file);
            }
        }
    }
}
