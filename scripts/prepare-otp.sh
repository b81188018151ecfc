#!/usr/bin/env bash
# Prepares the OTP releases the interop tests run against besides the host's: Debian root
# filesystems (trixie: OTP 27, sid: the newest) built with debootstrap, which the test kit
# enters with chroot (io.beamlink.testkit.OtpRelease#available).
#
# Roots live in a cache outside the repository, ${BEAMLINK_OTP_CACHE:-~/.cache/beamlink/otp}/<suite>,
# next to a stamp <suite>.stamp written when the root is complete and working. A root is reused
# while its stamp matches this recipe, its erl runs, and it is younger than
# BEAMLINK_OTP_MAX_AGE_DAYS (default 30, so sid follows the archive); otherwise it is rebuilt
# beside the old one, which is replaced only once the new one works.
#
# Without root, apt-get or debootstrap it prints which releases it leaves out and how to add
# them, and exits 0. With CI=true a suite that cannot be prepared fails the script.
#
# Environment: BEAMLINK_OTP_CACHE, BEAMLINK_OTP_SUITES (default "trixie sid"),
# BEAMLINK_DEBIAN_MIRROR (default: the Debian mirror apt uses on this machine),
# BEAMLINK_OTP_MAX_AGE_DAYS.
set -euo pipefail

cache=${BEAMLINK_OTP_CACHE:-$HOME/.cache/beamlink/otp}
read -r -a suites <<<"${BEAMLINK_OTP_SUITES:-trixie sid}"
max_age_days=${BEAMLINK_OTP_MAX_AGE_DAYS:-30}
# What goes into a root; a change here invalidates every stamp.
packages=erlang-base,erlang-crypto,elixir
recipe="minbase:$packages:1"
otp_release_expr='io:put_chars(erlang:system_info(otp_release)), halt().'

say() { echo "prepare-otp: $*" >&2; }

host_elixir=$(dpkg-query -W -f '${Version}' elixir 2>/dev/null || echo 'not from a Debian package')
available=("host OTP $(erl -noshell -eval "$otp_release_expr" 2>/dev/null || echo '?') (elixir $host_elixir)")
left_out=()
hints=()
failed=0

leave_out() { # suite reason how-to-add
    left_out+=("$1 ($2)")
    case " ${hints[*]} " in *" $3 "*) ;; *) hints+=("$3") ;; esac
    if [ "${CI:-}" = true ]; then failed=1; fi
}

as_root="run scripts/prepare-otp.sh as root on a Debian-like machine (it installs debootstrap with apt-get if missing)"

joined() { # items...: one line, "; " between items
    local IFS=$'\n'
    echo "$*" | paste -s -d ';' | sed 's/;/; /g'
}

finish() {
    say "OTP releases available to the tests: $(joined "${available[@]}")"
    if [ ${#left_out[@]} -gt 0 ]; then
        say "left out: $(joined "${left_out[@]}")"
        say "to add them: $(joined "${hints[@]}")"
    fi
    if [ "$failed" = 1 ]; then
        say "CI=true and not every OTP release could be prepared: failing"
        exit 1
    fi
    exit 0
}

# The Debian archive apt already uses here (deb822 .sources or one-line .list entries), so the
# repository names no mirror host.
debian_mirror() {
    if [ -n "${BEAMLINK_DEBIAN_MIRROR:-}" ]; then
        echo "$BEAMLINK_DEBIAN_MIRROR"
        return
    fi
    local files=() uri
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] || return 1
    uri=$(
        {
            sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' "${files[@]}" | tr ' ' '\n'
            sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' "${files[@]}"
        } | grep -E '^(https?|file)://.*/debian/?$' | head -n 1
    )
    [ -n "$uri" ] && echo "${uri%/}"
}

# Lists "otp_release erlang-base-version elixir-version" of a root, or fails if its erl does not run.
inspect_root() { # root
    local root=$1 otp erlang_version elixir_version
    otp=$(timeout 60 chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        ERL_CRASH_DUMP_SECONDS=0 erl -noshell -eval "$otp_release_expr" 2>/dev/null) || return 1
    [[ "$otp" =~ ^[0-9]+$ ]] || return 1
    erlang_version=$(chroot "$root" dpkg-query -W -f '${Version}' erlang-base 2>/dev/null) || return 1
    elixir_version=$(chroot "$root" dpkg-query -W -f '${Version}' elixir 2>/dev/null) || return 1
    echo "$otp $erlang_version $elixir_version"
}

stamp_value() { # stamp key
    sed -n "s/^$2=//p" "$1" | head -n 1
}

is_valid() { # suite
    local suite=$1 root="$cache/$1" stamp="$cache/$1.stamp" facts
    [ -f "$stamp" ] && [ -x "$root/usr/bin/erl" ] && [ -x "$root/usr/bin/elixir" ] || return 1
    [ "$(stamp_value "$stamp" recipe)" = "$recipe" ] || return 1
    [ -z "$(find "$stamp" -mtime +"$max_age_days")" ] || return 1
    facts=$(inspect_root "$root") || return 1
    [ "${facts%% *}" = "$(stamp_value "$stamp" otp_release)" ]
}

# Unmounts whatever debootstrap left mounted below a directory (it mounts /proc and /sys while
# installing), deepest first, so a failed or interrupted build leaves no mount behind.
unmount_below() { # dir
    local dir
    dir=$(realpath -m "$1")
    awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
}

build() { # suite mirror
    local suite=$1 mirror=$2 root="$cache/$1" new="$cache/$1.new" log="$cache/$1.log" facts started
    started=$SECONDS
    unmount_below "$new"
    rm -rf "$new"
    say "building $suite from $mirror (log: $log)"
    # shellcheck disable=SC2064
    trap "unmount_below '$new'" EXIT
    if ! debootstrap --variant=minbase --include="$packages" "$suite" "$new" "$mirror" >"$log" 2>&1; then
        unmount_below "$new"
        say "debootstrap of $suite failed; the end of $log:"
        tail -n 15 "$log" >&2
        return 1
    fi
    unmount_below "$new"
    trap - EXIT
    # Short host names must resolve inside the root as they do outside (erl -sname).
    cp /etc/hosts "$new/etc/hosts"
    # Package caches are not needed to run erl; dropping them keeps the cache small.
    rm -rf "$new/var/cache/apt/archives/"*.deb "$new/var/lib/apt/lists/"* 2>/dev/null || true
    if ! facts=$(inspect_root "$new"); then
        say "erl does not run in the new $suite root ($new)"
        return 1
    fi
    read -r otp erlang_version elixir_version <<<"$facts"
    rm -rf "$root" "$cache/$suite.stamp"
    mv "$new" "$root"
    cat >"$cache/$suite.stamp" <<STAMP
suite=$suite
recipe=$recipe
mirror=$mirror
otp_release=$otp
erlang_base=$erlang_version
elixir=$elixir_version
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
STAMP
    say "built $suite (OTP $otp) in $((SECONDS - started)) s"
}

describe() { # suite
    local stamp="$cache/$1.stamp"
    echo "$1 OTP $(stamp_value "$stamp" otp_release) (erlang-base $(stamp_value "$stamp" erlang_base), elixir $(stamp_value "$stamp" elixir))"
}

if [ "$(id -u)" != 0 ]; then
    for suite in "${suites[@]}"; do leave_out "$suite" "needs root for debootstrap and chroot" "$as_root"; done
    finish
fi
if ! command -v apt-get >/dev/null 2>&1 && ! command -v debootstrap >/dev/null 2>&1; then
    for suite in "${suites[@]}"; do leave_out "$suite" "no apt-get or debootstrap on this machine" "$as_root"; done
    finish
fi

mkdir -p "$cache"
mirror=""
for suite in "${suites[@]}"; do
    if is_valid "$suite"; then
        cp /etc/hosts "$cache/$suite/etc/hosts"
        available+=("$(describe "$suite")")
        continue
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap"
        if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; } >&2; then
            leave_out "$suite" "debootstrap could not be installed" "install debootstrap, then rerun scripts/prepare-otp.sh"
            continue
        fi
    fi
    if [ -z "$mirror" ] && ! mirror=$(debian_mirror); then
        leave_out "$suite" "apt uses no Debian archive here to debootstrap from" \
            "set BEAMLINK_DEBIAN_MIRROR to a Debian archive (http://<mirror>/debian) and rerun scripts/prepare-otp.sh"
        continue
    fi
    if build "$suite" "$mirror"; then
        available+=("$(describe "$suite")")
    elif [ -f "$cache/$suite.stamp" ] && [ -x "$cache/$suite/usr/bin/erl" ] && inspect_root "$cache/$suite" >/dev/null; then
        say "keeping the previous $suite root, which still works; the next run tries again"
        available+=("$(describe "$suite")")
    else
        # Without a stamp the test kit does not offer the broken root.
        rm -f "$cache/$suite.stamp"
        leave_out "$suite" "building the root filesystem failed" \
            "see $cache/$suite.log, fix the cause (network, mirror: BEAMLINK_DEBIAN_MIRROR) and rerun scripts/prepare-otp.sh"
    fi
done
finish
