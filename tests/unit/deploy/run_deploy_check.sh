#!/usr/bin/env bash
# ctest's deploy_manifests: the checker's own Go tests, then the checker on the project's manifests.
#
#   run_deploy_check.sh GO MANIFEST_DIR
#
# GO is what CMake's find_program found; "GO-NOTFOUND" (no Go on the machine) fails the test.
set -euo pipefail
go=${1:?usage: run_deploy_check.sh GO MANIFEST_DIR}
manifests=${2:?usage: run_deploy_check.sh GO MANIFEST_DIR}

if [ ! -x "$go" ]; then
  echo "deploy_manifests: no Go toolchain (CMake found: $go); install Go >= 1.26 and re-run cmake" >&2
  exit 1
fi
cd "$(dirname "$0")"
# go.mod and go.sum are the truth: a dependency they do not pin fails instead of being added. Modules
# come from the module cache (~/go/pkg/mod), filled from the Go proxy on a cold machine.
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local
"$go" version
# Both steps run even when the first fails, so that the log shows what the checker says of the
# project's manifests.
status=0
"$go" test -count=1 ./... || status=1
"$go" run . "$manifests" || status=1
exit "$status"
