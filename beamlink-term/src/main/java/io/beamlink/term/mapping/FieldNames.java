package io.beamlink.term.mapping;

/** Java names (camelCase components, PascalCase classes) as Erlang names (snake_case). */
final class FieldNames {
    private FieldNames() {
    }

    /** {@code zipCode} → {@code zip_code}, {@code UserProfile} → {@code user_profile}, {@code HTTPServer} → {@code http_server}. */
    static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(javaName.charAt(i - 1)) && javaName.charAt(i - 1) != '_';
                boolean endsAcronym = i > 0 && Character.isUpperCase(javaName.charAt(i - 1))
                        && i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
                if (afterLower || endsAcronym) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
