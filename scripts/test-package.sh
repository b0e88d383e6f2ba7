#!/usr/bin/env bash
# What a Debian user gets from the .deb, checked without installing it:
# unpacked with dpkg -x into a throwaway root, then
#   - desktop-file-validate passes on the menu entry;
#   - the entry's Icon= names an icon the package ships in the hicolor
#     theme, and its Exec= a program it ships;
#   - both binaries run --version and name this version and a commit;
#   - Depends covers every library the binaries link and the X11 ones GLFW
#     opens with dlopen (which no dependency tool sees), Recommends the
#     Wayland ones, a Secret Service and a CJK font;
#   - make install's script puts the files under a PREFIX, and uninstall
#     takes them all away again.
# Usage: scripts/test-package.sh dist/portside_VERSION_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$1
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
appid=$(sed -n 's/^ID *= *"\(.*\)"/\1/p' FyneApp.toml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

root=$tmp/root
dpkg -x "$deb" "$root"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && pass || fail "package version $(dpkg-deb -f "$deb" Version), want $version"

desktop=$root/usr/share/applications/$appid.desktop
if [ -f "$desktop" ] && out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then pass; else fail "desktop-file-validate $desktop: ${out:-missing}"; fi
icon=$(sed -n 's/^Icon=//p' "$desktop")
png=$root/usr/share/icons/hicolor/512x512/apps/$icon.png
if [ -f "$png" ] && [ "$(identify -format %wx%h "$png" 2>/dev/null)" = 512x512 ]; then pass; else fail "Icon=$icon: no 512x512 PNG at ${png#"$root"}"; fi
[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] && pass || fail "Icon=$icon: no scalable SVG"
exec_=$(sed -n 's/^Exec=//p' "$desktop" | cut -d' ' -f1)
[ -x "$root/usr/bin/$exec_" ] && pass || fail "Exec=$exec_ is not in /usr/bin"
[ -s "$root/usr/share/doc/portside/copyright" ] && grep -q "fyne.io/fyne/v2" "$root/usr/share/doc/portside/copyright" && pass || fail "no copyright file naming the bundled modules"

for b in portside portside-cli; do
  # No display: --version must not need one.
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/$b" --version 2>&1) || { fail "$b --version exited $?: $out"; continue; }
  first=$(head -1 <<<"$out")
  if [[ $first == "$b $version (build "* ]] && grep -Eq '^commit: [0-9a-f]{12}' <<<"$out" && ! grep -q unknown <<<"$out"; then pass; else fail "$b --version says: $out"; fi
done

depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
# The package that provides a library file on this machine.
pkg_of() { dpkg -S "*/$1" 2>/dev/null | head -1 | cut -d: -f1; }
has() { grep -Eq "(^|[ ,|])$2([ ,(|]|$)" <<<"$1"; }
for b in portside portside-cli; do
  for so in $(objdump -p "$root/usr/bin/$b" | awk '/NEEDED/ {print $2}'); do
    p=$(pkg_of "$so")
    [ -n "$p" ] && has "$depends" "$p" && pass || fail "$b links $so ($p), which Depends lacks: $depends"
  done
done
strs=$(strings "$root/usr/bin/portside")
for so in libX11.so.6 libX11-xcb.so.1 libXcursor.so.1 libXrandr.so.2 libXinerama.so.1 libXi.so.6 libXext.so.6 libXrender.so.1 libXxf86vm.so.1; do
  grep -qx "$so" <<<"$strs" || { fail "GLFW no longer opens $so: update this list and Depends"; continue; }
  p=$(pkg_of "$so")
  [ -n "$p" ] && has "$depends" "$p" && pass || fail "GLFW opens $so ($p), which Depends lacks"
done
for so in libxkbcommon.so.0 libwayland-cursor.so.0 libwayland-egl.so.1 libEGL.so.1; do
  p=$(pkg_of "$so")
  [ -n "$p" ] && has "$recommends" "$p" && pass || fail "GLFW's Wayland back end opens $so ($p), which Recommends lacks"
done
for p in gnome-keyring fonts-noto-cjk; do
  has "$recommends" "$p" && pass || fail "Recommends lacks $p"
done

# The tarball is what Fyne's packager made, with its own install Makefile.
tarball=$(dirname "$deb")/portside-$version-linux-amd64.tar.xz
list=$(tar -tJf "$tarball")
for f in portside/Makefile portside/usr/local/bin/portside "portside/usr/local/share/applications/$appid.desktop" "portside/usr/local/share/pixmaps/$appid.png"; do
  grep -qx "$f" <<<"$list" && pass || fail "$tarball lacks $f"
done

prefix=$tmp/home/.local
./scripts/install-local.sh install "$root" "$prefix" >/dev/null
"$prefix/bin/portside-cli" --version >/dev/null && pass || fail "installed portside-cli does not run"
grep -qx "Exec=$prefix/bin/portside" "$prefix/share/applications/$appid.desktop" && pass || fail "installed entry does not start $prefix/bin/portside"
desktop-file-validate "$prefix/share/applications/$appid.desktop" && pass || fail "installed entry is not valid"
./scripts/install-local.sh uninstall - "$prefix" >/dev/null
left=$(find "$prefix" -type f ! -name 'mimeinfo.cache' ! -name 'icon-theme.cache')
[ -z "$left" ] && pass || fail "uninstall left: $left"

echo "package: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
