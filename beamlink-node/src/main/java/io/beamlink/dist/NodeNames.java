package io.beamlink.dist;

/** The name check OTP's acceptor makes (dist_util:is_node_name): one {@code @}, both parts non-empty. */
final class NodeNames {
    private NodeNames() {
    }

    static boolean isValid(String name) {
        int at = name.indexOf('@');
        return at > 0 && at == name.lastIndexOf('@') && at < name.length() - 1;
    }
}
