package io.beamlink.shell;

import io.beamlink.term.Atom;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions the shell evaluates, by {@code module:function/arity}. A call without a module
 * ({@code f(Args)}) finds shell commands (such as {@code flush()}) and the BIFs erl imports
 * automatically (such as {@code self()}, which is {@code erlang:self()}).
 */
final class FunctionTable {
    private static final String SHELL = "shell";
    private static final String ERLANG = "erlang";

    private final Map<String, Entry> functions = new TreeMap<>();

    /**
     * A function and its one-line help for {@code help()}.
     *
     * @param local callable without a module: a shell command or an auto-imported BIF
     */
    record Entry(String module, String function, int arity, boolean local, String help, Builtin code) {
        /** {@code flush/0}, {@code nodes/1}, {@code net_adm:ping/1}. */
        String displayName() {
            return (local ? "" : module + ":") + function + "/" + arity;
        }
    }

    /** A function called as {@code module:function(...)}. */
    void add(String module, String function, int arity, String help, Builtin code) {
        functions.put(key(module, function, arity), new Entry(module, function, arity, false, help, code));
    }

    /** An auto-imported BIF: {@code erlang:function/arity}, callable without the module too. */
    void addBif(String function, int arity, String help, Builtin code) {
        functions.put(key(ERLANG, function, arity), new Entry(ERLANG, function, arity, true, help, code));
    }

    /** A shell command, such as {@code flush()}: only callable without a module. */
    void addCommand(String function, int arity, String help, Builtin code) {
        functions.put(key(SHELL, function, arity), new Entry(SHELL, function, arity, true, help, code));
    }

    /** {@code M:F/A}, or null; shell commands have no module. */
    Entry find(Atom module, Atom function, int arity) {
        if (module.name().equals(SHELL)) {
            return null;
        }
        return functions.get(key(module.name(), function.name(), arity));
    }

    /** {@code F/A} without a module: a shell command or an auto-imported BIF, or null. */
    Entry findLocal(Atom function, int arity) {
        Entry command = functions.get(key(SHELL, function.name(), arity));
        if (command != null) {
            return command;
        }
        Entry bif = functions.get(key(ERLANG, function.name(), arity));
        return bif != null && bif.local() ? bif : null;
    }

    Iterable<Entry> entries() {
        return functions.values();
    }

    private static String key(String module, String function, int arity) {
        return module + ":" + function + "/" + arity;
    }
}
