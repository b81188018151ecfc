package io.beamlink.shell;

import io.beamlink.Node;
import io.beamlink.node.NetKernel;
import io.beamlink.node.NodeName;
import io.beamlink.node.NodeVisibility;
import io.beamlink.otp.Rpc;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
import io.beamlink.term.ErlMap;
import io.beamlink.term.Int;
import io.beamlink.term.Nil;
import io.beamlink.term.Pid;
import io.beamlink.term.Port;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Distribution as erl's shell reaches it: node names, net_kernel, net_adm, cookies. */
final class DistributionFunctions {
    private static final Atom SHORTNAMES = Atom.of("shortnames");
    private static final Atom LONGNAMES = Atom.of("longnames");
    private static final Atom NAME_DOMAIN = Atom.of("name_domain");
    private static final Atom NODE_TYPE = Atom.of("node_type");

    private final ShellSession session;

    DistributionFunctions(ShellSession session) {
        this.session = session;
    }

    private Node node() {
        return session.node();
    }

    void install(FunctionTable table) {
        table.addBif("node", 0, "this node's name", args -> node().name());
        table.addBif("node", 1, "node(Pid | Ref | Port): the node it belongs to", this::nodeOf);
        table.addBif("nodes", 0, "the connected visible nodes", args -> atoms(node().nodes()));
        table.addBif("nodes", 1, "nodes(visible | hidden | connected | this | known, or a list of them)", this::nodes);
        table.addBif("is_alive", 0, "true when distribution runs", args -> Atom.of(node().isDistributed()));
        table.addBif("disconnect_node", 1, "disconnect_node(Node)", args -> Atom.of(node().disconnect(atom(args.getFirst()))));
        table.add("net_kernel", "start", 1, "net_kernel:start([Name]) or ([Name, shortnames | longnames]): become distributed",
                this::startWithList);
        table.add("net_kernel", "start", 2, "net_kernel:start(Name, #{name_domain => shortnames | longnames})",
                this::startWithMap);
        table.add("net_kernel", "stop", 0, "net_kernel:stop(): close every connection, become nonode@nohost", args -> stop());
        table.add("net_kernel", "connect_node", 1, "net_kernel:connect_node(Node): true, false or ignored",
                args -> connectNode(atom(args.getFirst())));
        table.add("net_kernel", "monitor_nodes", 1, "net_kernel:monitor_nodes(Bool): {nodeup, N} and {nodedown, N} messages",
                args -> monitorNodes(args.getFirst(), Nil.NIL));
        table.add("net_kernel", "monitor_nodes", 2, "net_kernel:monitor_nodes(Bool, [{node_type, all}]) includes hidden nodes",
                args -> monitorNodes(args.get(0), args.get(1)));
        table.add("net_kernel", "get_net_ticktime", 0, "net_ticktime in seconds",
                args -> Int.of(node().config().netTickTime().toSeconds()));
        table.add("net_adm", "ping", 1, "net_adm:ping(Node): pong or pang", this::ping);
        table.add("rpc", "call", 4, "rpc:call(Node, M, F, Args): the result or {badrpc, Reason}", args -> rpc(args, null));
        table.add("rpc", "call", 5, "rpc:call(Node, M, F, Args, Timeout)", args -> rpc(args, args.get(4)));
        table.add("erlang", "set_cookie", 1, "erlang:set_cookie(Cookie): this node's cookie", this::setCookie);
        table.add("erlang", "set_cookie", 2, "erlang:set_cookie(Node, Cookie): the cookie used with Node", this::setCookie);
        table.add("erlang", "get_cookie", 0, "this node's cookie, or nocookie", args -> node().netKernel()
                .map(k -> (Term) Atom.of(k.cookie())).orElse(Atom.of("nocookie")));
    }

    private Term nodeOf(List<Term> args) throws ShellException {
        return switch (args.getFirst()) {
            case Pid p -> p.node();
            case Ref r -> r.node();
            case Port p -> p.node();
            default -> throw ShellException.badarg();
        };
    }

    private Term nodes(List<Term> args) throws ShellException {
        Term arg = args.getFirst();
        List<Term> kinds = arg instanceof Atom ? List.of(arg) : Arithmetic.elements(arg);
        Set<Atom> result = new LinkedHashSet<>();
        for (Term kind : kinds) {
            if (!(kind instanceof Atom a)) {
                throw ShellException.badarg();
            }
            switch (a.name()) {
                case "visible" -> result.addAll(node().nodes(NodeVisibility.VISIBLE));
                case "hidden" -> result.addAll(node().nodes(NodeVisibility.HIDDEN));
                case "connected" -> result.addAll(node().nodes(NodeVisibility.CONNECTED));
                case "this" -> result.add(node().name());
                case "known" -> {
                    result.add(node().name());
                    result.addAll(node().nodes(NodeVisibility.CONNECTED));
                }
                default -> throw ShellException.badarg();
            }
        }
        return atoms(new ArrayList<>(result));
    }

    private Term startWithList(List<Term> args) throws ShellException {
        List<Term> options = Arithmetic.elements(args.getFirst());
        if (options.isEmpty() || options.size() > 3) {
            throw ShellException.badarg();
        }
        boolean longNames = options.size() >= 2 && kind(options.get(1));
        return start(atom(options.getFirst()), longNames);
    }

    private Term startWithMap(List<Term> args) throws ShellException {
        if (!(args.get(1) instanceof ErlMap options)) {
            throw ShellException.badarg();
        }
        Term domain = options.get(NAME_DOMAIN);
        return start(atom(args.get(0)), domain != null && kind(domain));
    }

    /** True for longnames, false for shortnames. */
    private static boolean kind(Term t) throws ShellException {
        if (t.equals(LONGNAMES)) {
            return true;
        }
        if (t.equals(SHORTNAMES)) {
            return false;
        }
        throw ShellException.badarg();
    }

    private Term start(Atom name, boolean longNames) {
        Node node = node();
        if (node.isDistributed()) {
            return error(Tuple.of(Atom.of("already_started"), netKernelPid()));
        }
        try {
            node.startDistribution(longNames ? NodeName.longName(name.name()) : NodeName.shortName(name.name()));
        } catch (IOException | RuntimeException e) {
            return error(ErlList.charlist(String.valueOf(e.getMessage())));
        }
        session.distributionChanged();
        return Tuple.of(Atom.OK, netKernelPid());
    }

    private Term stop() {
        if (!node().isDistributed()) {
            return error(Atom.of("not_found"));
        }
        node().stopDistribution();
        session.distributionChanged();
        return Atom.OK;
    }

    private Term connectNode(Atom peer) {
        if (!node().isDistributed()) {
            return Atom.of("ignored");
        }
        return Atom.of(node().connect(peer));
    }

    private Term ping(List<Term> args) throws ShellException, InterruptedException {
        return Atom.of(node().ping(atom(args.getFirst())) ? "pong" : "pang");
    }

    private Term rpc(List<Term> args, Term timeout) throws ShellException, InterruptedException {
        Duration limit = null;
        if (timeout instanceof Int(long ms) && ms >= 0) {
            limit = Duration.ofMillis(ms);
        } else if (timeout != null && !timeout.equals(Atom.of("infinity"))) {
            throw ShellException.badarg();
        }
        Atom target = atom(args.get(0));
        Atom module = atom(args.get(1));
        Atom function = atom(args.get(2));
        List<Term> arguments = Arithmetic.elements(args.get(3));
        try (Mailbox caller = node().mailbox()) {
            return Rpc.call(caller, target, module, function, arguments, limit);
        }
    }

    private Term monitorNodes(Term flag, Term options) throws ShellException {
        if (!(flag instanceof Atom on) || !on.isBoolean()) {
            throw ShellException.badarg();
        }
        boolean includeHidden = false;
        for (Term option : Arithmetic.elements(options)) {
            if (option instanceof Tuple t && t.arity() == 2 && t.get(0).equals(NODE_TYPE)) {
                includeHidden = t.get(1).equals(Atom.of("all")) || t.get(1).equals(Atom.of("hidden"));
            } else {
                throw ShellException.badarg();
            }
        }
        if (on.equals(Atom.FALSE)) {
            session.nodeMonitor().close();
            return Atom.OK;
        }
        if (!node().isDistributed()) {
            return error(Atom.of("not_alive"));
        }
        session.nodeMonitor().start(node(), session.self().self(), includeHidden);
        return Atom.OK;
    }

    private Term setCookie(List<Term> args) throws ShellException {
        NetKernel kernel = node().netKernel().orElseThrow(ShellException::badarg);
        Term cookie = args.getLast();
        if (!(cookie instanceof Atom c)) {
            throw ShellException.badarg();
        }
        if (args.size() == 1) {
            kernel.setCookie(c.name());
        } else {
            kernel.setCookie(atom(args.getFirst()), c.name());
        }
        return Atom.TRUE;
    }

    private Term netKernelPid() {
        Mailbox m = node().processes().whereis(Atom.of("net_kernel"));
        return m == null ? Atom.UNDEFINED : m.self();
    }

    private static Term error(Term reason) {
        return Tuple.of(Atom.ERROR, reason);
    }

    static Atom atom(Term t) throws ShellException {
        if (t instanceof Atom a) {
            return a;
        }
        throw ShellException.badarg();
    }

    private static Term atoms(List<Atom> atoms) {
        return ErlList.of(atoms);
    }
}
