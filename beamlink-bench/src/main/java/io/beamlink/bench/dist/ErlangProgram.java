package io.beamlink.bench.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An Erlang module shipped as a resource, written out so that an erl node can compile and load it at start. */
public final class ErlangProgram {
    private final Path file;

    private ErlangProgram(Path file) {
        this.file = file;
    }

    /** Writes the resource {@code name} (next to {@code owner}'s class) into {@code workDir}. */
    public static ErlangProgram write(Class<?> owner, String name, Path workDir) {
        Path file = workDir.resolve(name);
        try (InputStream source = owner.getResourceAsStream(name)) {
            if (source == null) {
                throw new BenchmarkException(name + " is missing from the class path: the build is broken");
            }
            Files.copy(source, file);
        } catch (IOException e) {
            throw new BenchmarkException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new ErlangProgram(file);
    }

    /**
     * An {@code -eval} expression that compiles and loads the module, then evaluates {@code call}
     * (with {@code M} bound to the module); erl halts with status 2 if it does not compile.
     */
    public String compileLoadAndThen(String call) {
        String path = "\"" + file.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "case compile:file(" + path + ", [binary, return_errors]) of"
                + " {ok, M, Bin} -> {module, M} = code:load_binary(M, " + path + ", Bin), " + call + ";"
                + " Error -> io:format(\"cannot compile ~s: ~p~n\", [" + path + ", Error]), erlang:halt(2) end";
    }
}
