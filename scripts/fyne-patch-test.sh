#!/usr/bin/env bash
# fyne-patch-test: the tests of the Fyne packages that Portside patches
# (third_party/fyne/README.md), built with the patch: upstream's own, which
# drive the real GLFW loop (windows, input, fyne.DoAndWait), and the
# patch's (loop_idle_portside_test.go: the idle loop wakes for a function
# at once, and ticks while an animation runs). Under Xvfb: the loop needs a
# display. Run by make test, whose GOFLAGS carry the patch's -modfile; vet
# first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fyne-patch.sh
use_fyne_patch

fail() { echo "fyne-patch-test: FAIL: $*" >&2; exit 1; }
. scripts/lib/xvfb.sh
tmp=$(mktemp -d /tmp/portside-fyne-patch.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit fyne-patch-test
start_xvfb 30
# go vet ./... does not reach them (they are Fyne's packages, not this module's).
go vet fyne.io/fyne/v2/internal/driver/glfw fyne.io/fyne/v2/internal/animation
go test -count=1 -timeout 5m fyne.io/fyne/v2/internal/driver/glfw fyne.io/fyne/v2/internal/animation
