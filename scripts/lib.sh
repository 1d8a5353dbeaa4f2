# Shared set-up for scripts/demo and scripts/test: install what is missing, configure, build.
# Sourced, not run.
set -euo pipefail
AA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AA_BUILD=${AA_BUILD:-$AA_ROOT/build}

aa_missing_packages() {
    local want=() p
    while read -r p; do
        p=${p%%#*}; p=${p//[[:space:]]/}
        [ -n "$p" ] && want+=("$p")
    done < "$AA_ROOT/scripts/debian-packages.txt"
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
    done
}

aa_install_packages() {
    local missing
    missing=$(aa_missing_packages)
    [ -z "$missing" ] && return 0
    echo "== installing Debian packages: $(echo $missing)"
    if [ "$(id -u)" != 0 ]; then
        echo "error: missing packages ($(echo $missing)) and not root; install them with apt-get" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # An old or empty package list finds nothing: refresh it once before installing.
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
}

aa_build() {
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    if [ ! -f "$AA_BUILD/CMakeCache.txt" ]; then
        cmake -S "$AA_ROOT" -B "$AA_BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release
    fi
    cmake --build "$AA_BUILD" --parallel "$(nproc)"
}
