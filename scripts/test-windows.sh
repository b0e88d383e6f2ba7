#!/usr/bin/env bash
# make windows-test: the Windows build, checked under Wine.
#   1. the zip holds both programs, the licences and the read-me;
#   2. both programs run --version under Wine;
#   3. GOOS=windows go test -exec (Wine) for the packages without a window;
#   4. portside-cli.exe lists, downloads and uploads against vsftpd on
#      loopback, passive and active (transfer/internal/winetest);
#   5. the installer installs silently, and its uninstaller removes it;
#   6. portside.exe opens its window on the demo server under Xvfb.
# Without Wine (scripts/deps.sh installs it) it says so and passes.
# Usage: scripts/test-windows.sh BIN_DIR ZIP
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1 zip=$2
if ! command -v wine64 >/dev/null && [ ! -x /usr/lib/wine/wine64 ]; then
  echo "windows-test: SKIPPED: Wine is not installed (scripts/deps.sh installs wine64)"
  exit 0
fi
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "windows-test: FAIL: $*" >&2; fails=$((fails + 1)); }
step() { echo "windows-test: $* ($(date +%T))"; }

step "zip contents"
list=$(unzip -Z1 "$zip")
for f in portside/portside.exe portside/portside-cli.exe portside/LICENSES.txt portside/README.txt; do
  grep -qx "$f" <<<"$list" && pass || fail "$zip lacks $f"
done

step "--version under Wine"
for b in portside portside-cli; do
  out=$(./scripts/wine-exec.sh "$bin/$b.exe" --version 2>&1 | tr -d '\r') || true
  if [[ $(head -1 <<<"$out") == "$b $version (build "* ]] && grep -q "windows/amd64" <<<"$out"; then pass; else fail "$b.exe --version says: $out"; fi
done

# Go 1.26's os.RemoveAll asks for FileDispositionInformationEx, which
# Wine 8 answers with STATUS_NOT_IMPLEMENTED; Go falls back to the old way
# only on the statuses Windows itself gives (Windows 10 1607 and later
# have it). Every t.TempDir cleanup would fail under Wine, so the Wine
# test build adds that status to Go's fallback list with -overlay; the
# program itself is built without it.
goroot_file=$(go env GOROOT)/src/internal/syscall/windows/at_windows.go
overlay=()
if grep -q 'STATUS_NOT_SUPPORTED: .*// the file system' "$goroot_file"; then
  sed 's|^\t\tSTATUS_NOT_SUPPORTED: \(.*\)|\t\tSTATUS_NOT_SUPPORTED, \1\n\t\tNTStatus(0xC0000002): // STATUS_NOT_IMPLEMENTED: Wine 8|' "$goroot_file" >"$tmp/at_windows.go"
  printf '{"Replace":{"%s":"%s"}}' "$goroot_file" "$tmp/at_windows.go" >"$tmp/overlay.json"
  overlay=(-overlay "$tmp/overlay.json")
else
  echo "windows-test: Go's at_windows.go changed; running without the Wine RemoveAll overlay"
fi

# Tests whose premise is Unix, each with the reason it cannot hold on
# Windows; the real servers and network namespaces skip by themselves.
unix_only=(
  TestNoKeychain          # sites: D-Bus cases; Windows' keychain is tested by TestCredentialManager
  TestCharsetGBKRoundTrip # ftp: stores a GBK byte-string file name; Windows names are UTF-16
)
skip=$(IFS='|'; echo "^(${unix_only[*]})\$")

step "GOOS=windows go test under Wine"
# No -race: the race detector needs cgo and a Windows C toolchain at run time.
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test "${overlay[@]}" -count=1 -timeout 15m -skip "$skip" \
  -exec "$PWD/scripts/wine-exec.sh" ./transfer/... ./cmd/portside-cli ./buildinfo/... 2>&1 | tee "$tmp/gotest.log" | grep -E '^(ok|FAIL|---|panic)' || true
grep -q '^FAIL' "$tmp/gotest.log" && fail "some Windows test failed (above)" || pass

step "portside-cli.exe against vsftpd"
if PORTSIDE_WINDOWS_CLI="$(realpath "$bin/portside-cli.exe")" go test -count=1 -run TestWindowsCLIUnderWine -v ./transfer/internal/winetest 2>&1 | tee "$tmp/cli.log" | grep -E '^\s*(--- |ok|FAIL)'; then
  grep -q -- '--- SKIP' "$tmp/cli.log" && fail "the Wine CLI test was skipped: $(grep -A1 -- '--- SKIP' "$tmp/cli.log" | tail -1)" || pass
else
  fail "portside-cli.exe against vsftpd (above)"
fi

step "the installer, silent install and uninstall"
setup=${zip%.zip}-setup.exe
if [ -f "$setup" ]; then
  prefix=${WINEPREFIX:-$HOME/.cache/portside-wine}
  winuser=$(id -un)
  inst="$prefix/drive_c/users/$winuser/AppData/Local/Programs/Portside"
  key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Portside'
  rm -rf "$inst"
  ./scripts/wine-exec.sh "$setup" /S || fail "the installer exited $?"
  for f in portside.exe portside-cli.exe LICENSES.txt README.txt uninstall.exe; do
    [ -f "$inst/$f" ] && pass || fail "the installer did not put $f in $inst"
  done
  out=$(./scripts/wine-exec.sh "$inst/portside-cli.exe" --version 2>&1 | tr -d '\r' | head -1)
  [[ $out == "portside-cli $version "* ]] && pass || fail "installed portside-cli.exe --version: $out"
  [ -f "$prefix/drive_c/users/$winuser/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Portside.lnk" ] && pass || fail "no Start menu entry"
  ./scripts/wine-exec.sh reg query "$key" 2>/dev/null | tr -d '\r' | grep -q "DisplayVersion.*$version" && pass || fail "no Apps & features entry with the version"
  # _?= runs the uninstaller in place and waits for it (it then cannot
  # delete itself; a user's uninstall copies itself to %TEMP% first).
  ./scripts/wine-exec.sh "$inst/uninstall.exe" /S "_?=C:\\users\\$winuser\\AppData\\Local\\Programs\\Portside" || fail "the uninstaller exited $?"
  left=$(cd "$inst" && ls | grep -vx uninstall.exe || true)
  [ -z "$left" ] && pass || fail "the uninstaller left: $left"
  ! ./scripts/wine-exec.sh reg query "$key" >/dev/null 2>&1 && pass || fail "the uninstaller left the Apps & features entry"
  rm -rf "$inst"
else
  echo "windows-test: no installer (makensis is not installed), so not tested"
fi

step "portside.exe's window under Wine and Xvfb"
./scripts/wine-window-xvfb.sh "$bin/portside.exe" "$tmp/window.png" && pass || fail "portside.exe's window (above)"

# wine-exec.sh's keeper would keep Wine's services up ten minutes more.
WINEPREFIX=${WINEPREFIX:-$HOME/.cache/portside-wine} "$(dirname "$(realpath "$(command -v wine64 || echo /usr/lib/wine/wine64)")")/wineserver" -k 2>/dev/null || true

echo "windows-test: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
