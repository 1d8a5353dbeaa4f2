#!/bin/sh
# Builds a cluster of N cloned Dummy services from nothing through `aa plan --out` + `aa apply`,
# printing each step's time (a benchmark, not a test: numbers go in notes, not assertions).
#
#   bench/build-cluster.sh N [AA_BINARY]            on a file CIB (a fresh one in a temp dir)
#   bench/build-cluster.sh N [AA_BINARY] --lab      on the live lab (tests/cluster/lab must be up)
#
# Dummy (ocf:pacemaker:Dummy) resources need no units, so no host actions run. The spec is
# generated here: N services, `clone max 2`, one monitor each, stonith-enabled=false.
set -eu
n=${1:?usage: build-cluster.sh N [AA_BINARY] [--lab]}
aa=${2:-build/aa}
mode=${3:-file}
case $n in *[!0-9]*) echo "N must be a number" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aa-build-cluster-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
step() {  # step NAME CMD...: runs CMD, prints its wall time; exit status 2 (plan: changes) is fine
    name=$1; shift
    t0=$(now)
    set +e; "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; rc=$?; set -e
    t1=$(now)
    printf '%-28s %8.2f s  (exit %d)\n' "$name" "$(echo "$t1 - $t0" | bc)" "$rc"
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then tail -20 "$tmp/$name.err" >&2; exit 1; fi
}

awk -v n="$n" 'BEGIN {
  print "cluster bench {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}"
  for (i = 0; i < n; i++)
    printf "\nservice svc%05d {\n  agent ocf:pacemaker:Dummy\n  monitor every 30s\n  parallel-safe\n  clone max 2\n}\n", i
}' > "$tmp/cluster.aa"

echo "building $n services ($mode), load: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(now)
if [ "$mode" = --lab ]; then
    lab="$here/tests/cluster/lab"
    where="--cib live --on node-01"
    step plan "$aa" plan "$tmp/cluster.aa" $where --host-exec "$lab exec {node}" --out "$tmp/build.aaplan"
    step apply "$aa" apply "$tmp/build.aaplan" $where --host-exec "$lab exec {node}" --yes --wait 10m
else
    # A fresh file CIB: the spec's three nodes, online, and nothing configured.
    "$aa" debug default-cib "$tmp/cluster.aa" | grep -v aa-default-fencing |
        sed 's/<cib /<cib crm_feature_set="3.16.1" /' > "$tmp/cib.xml"
    step plan "$aa" plan "$tmp/cluster.aa" --cib "$tmp/cib.xml" --out "$tmp/build.aaplan"
    step apply "$aa" apply "$tmp/build.aaplan" --cib "$tmp/cib.xml" --yes
    step replan-no-changes "$aa" plan "$tmp/cluster.aa" --cib "$tmp/cib.xml" --no-simulate
    grep -q 'No changes' "$tmp/replan-no-changes.out" || { echo "re-plan is not empty" >&2; exit 1; }
fi
printf '%-28s %8.2f s\n' total "$(echo "$(now) - $start" | bc)"
sed -n 's/^\(\[[ 0-9/]*\]\)/  apply step \1/p' "$tmp/apply.out" "$tmp/apply.err" 2>/dev/null | head -20
