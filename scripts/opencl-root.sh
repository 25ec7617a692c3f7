#!/usr/bin/env bash
# opencl-root.sh - run a command inside a cached Debian 13 ("trixie") root that
# has a PoCL OpenCL CPU device ILGPU can use.
#
# Why: Debian 12's PoCL (3.1) lacks the OpenCL generic address space that
# ILGPU's OpenCL backend requires; Debian 13's PoCL 6.0 has it. This script
# builds a minimal trixie root with debootstrap (once) and runs commands in it
# with chroot, reusing the HOST's .NET SDK and NuGet package cache.
#
# Usage:
#   bash scripts/opencl-root.sh [--] COMMAND [ARGS...]   run COMMAND in the root
#   bash scripts/opencl-root.sh --setup                   only create the root
#   bash scripts/opencl-root.sh --rebuild                 delete and re-create it
#   bash scripts/opencl-root.sh --help
#
# COMMAND runs as root inside the chroot, in the repository directory (the
# repository is bind-mounted at the same absolute path), e.g.
#   dotnet restore                       # on the HOST first (see below)
#   bash scripts/opencl-root.sh dotnet test --no-restore Ebm.Tests
#   bash scripts/opencl-root.sh clinfo -l
#   bash scripts/opencl-root.sh sh -c 'cd Ebm.Cli && dotnet run --no-restore'
#
# Restore on the host first: the root has no network configuration (no
# resolv.conf) and no NuGet configuration, so run `dotnet restore` (or a build)
# on the host and pass --no-restore to dotnet build/test/run inside. The host's
# package caches ($HOME/.nuget/packages, $NUGET_PACKAGES, /opt/nuget/packages)
# are mounted at the same paths, so project.assets.json files written by the
# host restore are valid inside.
#
# Requirements: root (debootstrap, mount and chroot need it), Linux, apt-get
# (to install debootstrap when it is missing) and network access to a Debian
# mirror for the one-time setup. The mirror is the first Debian mirror in the
# host's apt sources; override with OPENCL_ROOT_MIRROR=URL.
#
# Cache: $repo/.opencl-root/ (git-ignored). rootfs/ is the root; the marker
# .setup-complete is written at the very end of a successful setup (it holds
# a hash of the setup configuration) - without a matching marker the root is
# considered half-made and rebuilt. A lock file serialises setup against runs.
#
# Mounts while a command runs: /proc, /sys, /dev (recursive, incl. /dev/pts
# and /dev/shm), the .NET SDK directory (read-only), the NuGet package caches,
# the repository, and each path in OPENCL_ROOT_EXTRA_MOUNTS (colon-separated
# absolute host paths, bind-mounted read-write at the same path inside), e.g.
#   OPENCL_ROOT_EXTRA_MOUNTS=/work/scratch bash scripts/opencl-root.sh \
#       sh -c 'cd /work/scratch/probe && dotnet run --no-restore'
# By default everything happens in a private mount namespace (unshare), so the
# mounts are invisible to the rest of the host and vanish with the script even
# if it is killed with SIGKILL; OPENCL_ROOT_NO_UNSHARE=1 mounts in the host
# namespace instead. Either way all mounts are removed on exit (EXIT/INT/TERM
# trap, reverse order, lazy unmount as a fallback), processes left running
# inside the root are terminated, and the command's exit code is propagated.
#
# DANGER - deleting the root: while a command runs, host directories (/dev,
# /sys, the repository, the NuGet cache, ...) are bind-mounted below
# .opencl-root/rootfs. `rm -rf .opencl-root` (or `git clean -fdx`) at that
# moment - from inside the same mount namespace - would recurse into them and
# delete HOST files. This script only deletes the root after checking that
# nothing is mounted below it (findmnt) and uses rm --one-file-system as a
# second guard. Delete it by hand only when no opencl-root.sh is running and
# `findmnt | grep opencl-root` prints nothing; prefer `--rebuild`.
#
# Environment inside: a clean environment with PATH, HOME (the host's),
# LANG=C.UTF-8, TERM, DOTNET_ROOT, DOTNET_CLI_TELEMETRY_OPTOUT=1,
# DOTNET_NOLOGO=1, DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1, settings that keep
# MSBuild/Roslyn build servers from outliving the command, and the host's
# EBM_*, CI, CI_*, GITHUB_*, DOTNET_*, NUGET_*, POCL_* and OCL_ICD_* variables.
# PoCL's kernel cache lives in the root's /root/.cache/pocl (when HOME=/root).
#
# Other knobs: OPENCL_ROOT_DIR (cache folder, default $repo/.opencl-root),
# OPENCL_ROOT_MIRROR (Debian mirror URL for debootstrap).

set -euo pipefail

readonly PROG=opencl-root
readonly SUITE=trixie
# Packages added to the minbase variant. .NET needs libc, libgcc-s1,
# libstdc++6, zlib1g, libssl3t64 (TLS) and libicu (globalization; trixie ships
# ICU 76 for its whole lifetime); ca-certificates for HTTPS; clinfo helps to
# diagnose the OpenCL setup.
readonly INCLUDE_PKGS=pocl-opencl-icd,ocl-icd-libopencl1,clinfo,ca-certificates,libicu76,libssl3t64,zlib1g,libstdc++6,libgcc-s1,tzdata
# Bump when the setup steps change: a different hash invalidates cached roots.
readonly SETUP_VERSION=1

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p;};}' "${BASH_SOURCE[0]}"
}

script_path=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(cd -- "$(dirname -- "$script_path")/.." && pwd -P)
base=${OPENCL_ROOT_DIR:-$repo/.opencl-root}
base=$(readlink -m -- "$base")
rootfs=$base/rootfs
marker=$base/.setup-complete
lockfile=$base/.lock

mode=run
case "${1:-}" in
    --setup) mode=setup; shift ;;
    --rebuild) mode=rebuild; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift ;;
    -*) die "unknown option '$1' (see --help)" ;;
esac
if [[ $mode == run && $# -eq 0 ]]; then
    usage | sed -n '/^Usage:/,/^$/p' >&2
    die "no command given"
fi
if [[ $mode != run && $# -gt 0 ]]; then
    die "--setup/--rebuild take no command"
fi

[[ $(uname -s) == Linux ]] || die "Linux only"
[[ $EUID -eq 0 ]] || die "must run as root (debootstrap, mount and chroot need it)"
case "$base" in
    /|/usr|/usr/*|/etc|/etc/*|/bin|/sbin|/lib|/lib64|/dev|/dev/*|/proc|/proc/*|/sys|/sys/*|"$repo")
        die "refusing to use '$base' as the cache folder" ;;
esac

# Re-execute in a private mount namespace: our mounts (and debootstrap's) are
# then invisible to the host and disappear with the process, whatever happens.
if [[ -z ${OPENCL_ROOT_NO_UNSHARE:-} && -z ${_OPENCL_ROOT_IN_NS:-} ]] \
    && command -v unshare >/dev/null 2>&1 \
    && unshare --mount --propagation private true >/dev/null 2>&1; then
    export _OPENCL_ROOT_IN_NS=1
    exec unshare --mount --propagation private -- "$BASH" "$script_path" \
        "$([[ $mode == run ]] && echo -- || echo "--$mode")" "$@"
fi
unset _OPENCL_ROOT_IN_NS

# ---------------------------------------------------------------- mounts ----

# Mount points (as host paths) that are mounted below $path, one per line.
mounts_under() {
    local path=$1
    findmnt -rn -o TARGET | awk -v p="$path" '$0 == p || index($0, p "/") == 1'
}

# Unmount everything below a path, deepest first; lazy unmount as a fallback.
unmount_all_under() {
    local path=$1 m
    while IFS= read -r m; do
        [[ -n $m ]] || continue
        # findmnt -r escapes blanks etc. as \xNN
        m=$(printf '%b' "$m")
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null \
            || log "warning: could not unmount $m"
    done < <(mounts_under "$path" | sort -r)
}

# Delete a directory only when nothing is mounted below it.
safe_remove() {
    local dir=$1 left
    [[ -n $dir && $dir == "$base"/* ]] || die "internal: refusing to delete '$dir'"
    [[ -e $dir ]] || return 0
    left=$(mounts_under "$dir")
    if [[ -n $left ]]; then
        die "refusing to delete $dir: still mounted below it:"$'\n'"$left"$'\n'"unmount these first (umount -R), then retry"
    fi
    rm -rf --one-file-system -- "$dir"
}

# ----------------------------------------------------------------- setup ----

# First Debian mirror URI of the host's apt sources ("URI SUITE" candidates,
# preferring one that serves the host's own release, never -security).
find_mirror() {
    if [[ -n ${OPENCL_ROOT_MIRROR:-} ]]; then
        printf '%s\n' "$OPENCL_ROOT_MIRROR"
        return
    fi
    local codename='' id='' f uri suite
    if [[ -r /etc/os-release ]]; then
        # shellcheck disable=SC1091
        codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
        # shellcheck disable=SC1091
        id=$(. /etc/os-release && printf '%s' "${ID:-}")
    fi
    local -a files=() cands=()
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] && files+=("$f")
    done
    ((${#files[@]})) || die "no apt sources found; set OPENCL_ROOT_MIRROR=URL"
    mapfile -t cands < <(for f in "${files[@]}"; do
        if [[ $f == *.sources ]]; then
            awk '
                function flush(  n, m, i, j, u, s) {
                    if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) !~ /^no/) {
                        n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
                        for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
                            if (u[i] != "" && s[j] != "") print u[i], s[j]
                    }
                    types = uris = suites = enabled = last = ""
                }
                /^[ \t]*#/ { next }
                /^[ \t]*$/ { flush(); next }
                /^[ \t]/ {
                    if (last == "uris") uris = uris " " $0
                    else if (last == "suites") suites = suites " " $0
                    next
                }
                {
                    k = tolower($0); sub(/:.*/, "", k)
                    v = $0; sub(/^[^:]*:[ \t]*/, "", v)
                    last = k
                    if (k == "types") types = v
                    else if (k == "uris") uris = v
                    else if (k == "suites") suites = v
                    else if (k == "enabled") enabled = v
                }
                END { flush() }' "$f"
        else
            awk '{
                sub(/#.*/, "")
                if ($1 != "deb") next
                i = 2
                if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if (i + 1 <= NF) print $i, $(i + 1)
            }' "$f"
        fi
    done | while read -r uri suite; do
        case "$uri" in http://*|https://*|ftp://*|file:/*) ;; *) continue ;; esac
        case "$suite" in *-security|*/updates) continue ;; esac
        printf '%s %s\n' "${uri%/}" "$suite"
    done)
    # 1. a mirror serving the host's own Debian release
    if [[ $id == debian && -n $codename ]]; then
        for f in "${cands[@]}"; do
            if [[ ${f#* } == "$codename" ]]; then printf '%s\n' "${f%% *}"; return; fi
        done
    fi
    # 2. anything that looks like a Debian archive
    for f in "${cands[@]}"; do
        uri=${f%% *}
        if [[ $uri == */debian ]]; then printf '%s\n' "$uri"; return; fi
    done
    die "no Debian mirror found in the host's apt sources; set OPENCL_ROOT_MIRROR=URL"
}

setup_hash() {
    printf '%s\n' "$SETUP_VERSION" "$SUITE" "$INCLUDE_PKGS" | sha256sum | cut -c1-16
}

root_ready() {
    [[ -f $marker && -x $rootfs/bin/sh && $(cat -- "$marker" 2>/dev/null) == "$(setup_hash)" ]]
}

ensure_debootstrap() {
    command -v debootstrap >/dev/null 2>&1 && return
    command -v apt-get >/dev/null 2>&1 || die "debootstrap is missing and apt-get is not available"
    log "installing debootstrap with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
    command -v debootstrap >/dev/null 2>&1 || die "debootstrap is still missing after apt-get install"
}

do_setup() {
    # Caller holds the exclusive lock.
    local staging=$base/rootfs.new mirror start lib
    start=$SECONDS
    if [[ -e $marker ]]; then
        log "cached root is stale or incomplete; re-creating it"
    elif [[ -e $rootfs || -e $staging ]]; then
        log "found a half-made root; re-creating it"
    fi
    rm -f -- "$marker"
    unmount_all_under "$staging"
    unmount_all_under "$rootfs"
    safe_remove "$staging"
    safe_remove "$rootfs"

    ensure_debootstrap
    mirror=$(find_mirror)
    log "creating the Debian $SUITE root in $rootfs (mirror $mirror; takes a few minutes)"
    mkdir -p -- "$staging"
    trap 'unmount_all_under "$base/rootfs.new"' EXIT
    if ! debootstrap --variant=minbase --components=main \
            --include="$INCLUDE_PKGS" "$SUITE" "$staging" "$mirror" >&2; then
        [[ -f $staging/debootstrap/debootstrap.log ]] \
            && tail -n 30 -- "$staging/debootstrap/debootstrap.log" >&2
        unmount_all_under "$staging"
        die "debootstrap failed (the half-made root in $staging is deleted on the next run)"
    fi
    unmount_all_under "$staging"   # debootstrap normally unmounts its own /proc, /sys

    # ILGPU loads the unversioned libOpenCL.so (normally from ocl-icd-opencl-dev).
    lib=$(find "$staging/usr/lib" -name libOpenCL.so.1 -print -quit)
    [[ -n $lib ]] || die "libOpenCL.so.1 not found in the new root"
    if [[ ! -e $(dirname -- "$lib")/libOpenCL.so ]]; then
        ln -s libOpenCL.so.1 "$(dirname -- "$lib")/libOpenCL.so"
        log "added symlink $(dirname -- "${lib#"$staging"}")/libOpenCL.so -> libOpenCL.so.1"
    fi
    ls -- "$staging"/etc/OpenCL/vendors/*.icd >/dev/null 2>&1 \
        || die "no OpenCL ICD registered in the new root (pocl-opencl-icd missing?)"
    chroot "$staging" /sbin/ldconfig
    chroot "$staging" /usr/bin/apt-get clean >/dev/null 2>&1 || true

    mv -T -- "$staging" "$rootfs"
    setup_hash > "$marker"   # last step: the root is complete
    trap - EXIT
    log "root ready in $((SECONDS - start)) s"
}

ensure_root() {
    mkdir -p -- "$base"
    exec 9>"$lockfile"
    # Exclusive lock for setup, but try a cheap shared check first.
    flock -n -s 9 || { log "waiting for a setup by another opencl-root.sh to finish"; flock -s 9; }
    if [[ $mode == rebuild ]] || ! root_ready; then
        flock -n -x 9 || { log "waiting for other opencl-root.sh runs to finish"; flock -x 9; }
        if [[ $mode == rebuild ]] || ! root_ready; then
            mode=${mode/rebuild/setup}
            do_setup
        fi
    fi
    # Holding the lock exclusively here means no other run is active: any
    # mount still below the root is stale (an earlier run killed in the host
    # mount namespace), so remove it.
    if flock -x -n 9; then
        if [[ -n $(mounts_under "$rootfs") ]]; then
            log "removing stale mounts below $rootfs"
            unmount_all_under "$rootfs"
        fi
    fi
    flock -s 9   # runs share the lock; a setup/rebuild waits for them
}

# ------------------------------------------------------------------- run ----

declare -a mounted=()   # mount points in mount order; "R:" prefix = recursive
child=
cleaned=
got_signal=
run_token=$$.$(date +%s%N)

# shellcheck disable=SC2317  # invoked from traps
kill_root_processes() {
    # Processes whose root directory is our chroot and whose environment
    # carries this run's token were started by this run (build servers, test
    # hosts, background jobs, ...): stop them so the mounts can go. Processes
    # of another run in the same root are left alone.
    local sig pid r round
    for round in 1 2 3 4 5 6 7 8 9 10 11; do
        local -a pids=()
        for r in /proc/[0-9]*/root; do
            pid=${r#/proc/}; pid=${pid%/root}
            [[ $pid == "$$" ]] && continue
            [[ $(readlink -- "$r" 2>/dev/null) == "$rootfs" ]] || continue
            grep -qzxF -- "_OPENCL_ROOT_RUN=$run_token" "/proc/$pid/environ" 2>/dev/null \
                && pids+=("$pid")
        done
        ((${#pids[@]})) || return 0
        if ((round == 1)); then
            log "stopping ${#pids[@]} process(es) left running in the root"
            sig=TERM
        elif ((round >= 10)); then
            sig=KILL
        else
            sleep 0.5
            continue
        fi
        kill -s "$sig" "${pids[@]}" 2>/dev/null || true
        sleep 0.5
    done
}

# shellcheck disable=SC2317  # invoked from traps
cleanup() {
    local rc=$? i m
    [[ -n $cleaned ]] && return
    cleaned=1
    trap '' INT TERM
    if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
        kill -s TERM "$child" 2>/dev/null || true
    fi
    kill_root_processes
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        m=${mounted[i]}
        if [[ $m == R:* ]]; then
            m=${m#R:}
            umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null \
                || log "warning: could not unmount $m"
        else
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null \
                || log "warning: could not unmount $m"
        fi
    done
    mounted=()
    if [[ -n $(mounts_under "$rootfs") ]]; then
        unmount_all_under "$rootfs"
    fi
    m=$(mounts_under "$rootfs")
    [[ -z $m ]] || log "warning: still mounted below $rootfs:"$'\n'"$m"
    return "$rc"
}

# shellcheck disable=SC2317  # invoked from traps
on_signal() {
    local sig=$1
    got_signal=1
    if [[ -n $child ]] && kill -0 "$child" 2>/dev/null; then
        log "got SIG$sig, passing it on to the command"
        kill -s "$sig" "$child" 2>/dev/null || true
        return   # wait returns; the command's exit status is propagated
    fi
    cleanup
    [[ $sig == INT ]] && exit 130
    exit 143
}

# bind_mount SRC [ro|rw|rec] - mount host path SRC at the same path inside.
bind_mount() {
    local src=$1 how=${2:-rw} dst
    src=$(readlink -f -- "$src")
    [[ -d $src ]] || die "cannot mount $src: not a directory"
    [[ $src != / ]] || die "refusing to mount / into the root"
    [[ $src != "$base" && $src != "$base"/* ]] || die "refusing to mount $src (inside the root)"
    dst=$rootfs$src
    # An absolute symlink inside the root (e.g. /var/run -> /run) must not
    # make us create directories or mount on the HOST.
    [[ $(readlink -m -- "$dst") == "$dst" ]] \
        || die "cannot mount $src: $dst resolves outside or via a symlink in the root"
    mountpoint -q -- "$dst" && return 0   # already there (e.g. same path twice)
    mkdir -p -- "$dst"
    case $how in
        rec)
            mount --rbind -- "$src" "$dst"
            mounted+=("R:$dst")
            # Never let unmounts below it propagate back to the host.
            mount --make-rslave -- "$dst"
            ;;
        ro)
            mount --bind -o ro -- "$src" "$dst"
            mounted+=("$dst")
            ;;
        *)
            mount --bind -- "$src" "$dst"
            mounted+=("$dst")
            ;;
    esac
}

do_run() {
    local dotnet sdk m rc=0 chroot_bin env_bin
    local -a envv extra

    dotnet=$(command -v dotnet 2>/dev/null) || die "dotnet not found on the host PATH"
    dotnet=$(readlink -f -- "$dotnet")
    sdk=$(dirname -- "$dotnet")
    chroot_bin=$(command -v chroot) || die "chroot not found"
    env_bin=$(command -v env) || die "env not found"

    trap cleanup EXIT
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM

    # /proc: a fresh procfs; /sys and /dev: recursive binds (cgroups, pts, shm).
    mkdir -p -- "$rootfs/proc"
    if mount -t proc proc "$rootfs/proc" 2>/dev/null; then
        mounted+=("$rootfs/proc")
    else
        bind_mount /proc rec
    fi
    bind_mount /sys rec
    bind_mount /dev rec

    bind_mount "$sdk" ro
    # `dotnet` on the PATH inside (the root has no dotnet of its own)
    ln -sfn -- "$dotnet" "$rootfs/usr/local/bin/dotnet"

    # NuGet package caches at the same paths (host restore -> assets valid)
    for m in "$HOME/.nuget/packages" "${NUGET_PACKAGES:-}" /opt/nuget/packages; do
        [[ -n $m && -d $m ]] && bind_mount "$m" rw
    done

    bind_mount "$repo" rw

    if [[ -n ${OPENCL_ROOT_EXTRA_MOUNTS:-} ]]; then
        IFS=: read -r -a extra <<< "$OPENCL_ROOT_EXTRA_MOUNTS"
        for m in "${extra[@]}"; do
            [[ -n $m ]] || continue
            [[ $m == /* ]] || die "OPENCL_ROOT_EXTRA_MOUNTS: '$m' is not an absolute path"
            bind_mount "$m" rw
        done
    fi
    [[ $(readlink -m -- "$rootfs$HOME") == "$rootfs$HOME" ]] || die "HOME=$HOME resolves via a symlink in the root"
    mkdir -p -- "$rootfs$HOME"

    envv=(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        "HOME=$HOME"
        "LANG=C.UTF-8"
        "TERM=${TERM:-dumb}"
    )
    while IFS='=' read -r -d '' m _; do
        case $m in
            EBM_*|CI|CI_*|GITHUB_*|DOTNET_*|NUGET_*|POCL_*|OCL_ICD_*) envv+=("$m=${!m}") ;;
        esac
    done < <(env -0)
    envv+=(
        "DOTNET_ROOT=$sdk"
        "DOTNET_CLI_TELEMETRY_OPTOUT=1"
        "DOTNET_NOLOGO=1"
        "DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1"
        # no build servers that would outlive the command and pin the mounts
        "DOTNET_CLI_USE_MSBUILD_SERVER=0"
        "MSBUILDDISABLENODEREUSE=1"
        "UseSharedCompilation=false"
        "_OPENCL_ROOT_RUN=$run_token"   # marks processes of this run
    )

    # Run in the background so that INT/TERM reach this script at once (and
    # are forwarded); SIGINT is un-ignored and stdin kept for the command.
    # shellcheck disable=SC2016
    (
        trap - INT QUIT TERM
        exec "$env_bin" -i "${envv[@]}" "$chroot_bin" "$rootfs" /bin/sh -c \
            'cd "$1" || exit 125; shift; exec "$@"' "$PROG" "$repo" "$@"
    ) <&0 9>&- &
    child=$!
    while :; do
        got_signal=
        rc=0
        wait "$child" || rc=$?
        # wait returns >128 when a trapped signal arrived: wait again for the
        # command's own status (127 = already collected, keep what we have).
        [[ -n $got_signal ]] || break
        local rc2=0
        wait "$child" 2>/dev/null || rc2=$?
        ((rc2 == 127)) || rc=$rc2
        kill -0 "$child" 2>/dev/null || break
    done
    child=
    return "$rc"
}

ensure_root
if [[ $mode == setup ]]; then
    log "root is ready: $rootfs"
    exit 0
fi
rc=0
do_run "$@" || rc=$?
exit "$rc"
