# Sourced by the scripts at the root: sets JAVA to a JDK 21+ java binary, or explains what to
# install and exits. Order: $JAVA_HOME, `java` on PATH, then the newest under /usr/lib/jvm.

java_major() {
    "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

is_jdk21() {
    [ -x "$1" ] && [ -x "$(dirname "$1")/javac" ] && [ "$(java_major "$1")" -ge 21 ] 2>/dev/null
}

find_java() {
    local candidate
    if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME/bin/java"; then
        JAVA="$JAVA_HOME/bin/java"; return 0
    fi
    candidate=$(command -v java 2>/dev/null || true)
    if [ -n "$candidate" ]; then
        candidate=$(readlink -f "$candidate")
        if is_jdk21 "$candidate"; then JAVA="$candidate"; return 0; fi
    fi
    for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
        if is_jdk21 "$candidate"; then JAVA="$candidate"; return 0; fi
    done
    cat >&2 <<'MSG'
beamlink: no JDK 21 or newer found (looked at $JAVA_HOME, `java` on PATH and /usr/lib/jvm/*).
Install one, for example on Debian/Ubuntu:  apt-get install openjdk-21-jdk-headless
or Temurin 21+ from adoptium.net, then set JAVA_HOME to it.
MSG
    exit 1
}

find_java
JAVA_HOME=$(dirname "$(dirname "$JAVA")")
export JAVA_HOME
