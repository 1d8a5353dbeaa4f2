#!/bin/sh
# The review job both CI examples run (GitHub Actions: github-actions.yml, GitLab CI: gitlab-ci.yml).
#   aa-review.sh SPEC CIB_SNAPSHOT PLAN_MD
# SPEC: the spec's directory (or files); CIB_SNAPSHOT: `cibadmin --query` of the cluster, committed
# beside the spec or fetched by the job; PLAN_MD: where the plan's markdown goes (the PR comment).
# Exit: 0 the change is fine to review (PLAN_MD written), 1 it is not (the reason on stderr, and in
# PLAN_MD when the plan itself said it).
set -u
spec=$1 cib=$2 out=$3
: "${AA:=aa}"

step() { echo "== $*" >&2; }

step "aa fmt --check $spec"
"$AA" fmt --check "$spec" || { echo "the spec is not in aa fmt's layout: run 'aa fmt $spec' and commit" >&2; exit 1; }
step "aa check $spec"
"$AA" check "$spec" || exit 1
step "aa test $spec"
"$AA" test "$spec" --junit aa-test.xml || exit 1
step "aa plan $spec --cib $cib --format markdown"
"$AA" plan "$spec" --cib "$cib" --format markdown >"$out"
rc=$?
# aa plan: 0 no changes, 2 changes (both reviewable), 1 an error (the plan says why).
case $rc in
    0 | 2) exit 0 ;;
    *) echo "aa plan failed (exit $rc); see $out" >&2; exit 1 ;;
esac
