#!/usr/bin/env bash
# Builds the Linux packages from binaries already built by make:
#   dist/portside-VERSION-linux-amd64.tar.xz   what `fyne package -os linux` makes
#                                               (binary, .desktop, icon, install Makefile)
#   dist/portside_VERSION_amd64.deb            the same files under /usr, plus portside-cli
# Usage: scripts/package-linux.sh BIN_DIR FYNE DIST_DIR
# (BIN_DIR holds portside and portside-cli; BIN_DIR/deb-root is left with the
# .deb's files for make install.)
# The packager is given the binary (--exe) rather than left to build one:
# its own build adds -tags migrated_fynedo, which recompiles the OpenGL
# binding (about 2.5 min) and ships a binary the tests never ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1") fyne=$(realpath "$2") dist=$3
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
appid=$(sed -n 's/^ID *= *"\(.*\)"/\1/p' FyneApp.toml)
[ -n "$version" ] && [ -n "$build" ] && [ -n "$appid" ] || { echo "package: FyneApp.toml lacks Version, Build or ID" >&2; exit 1; }
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# fyne package works in a source folder, wants Go code there even with
# --exe, and bumps Build in its FyneApp.toml afterwards: give it a copy.
mkdir -p "$stage/src/assets"
cp FyneApp.toml "$stage/src/"
cp assets/Icon.png "$stage/src/assets/"
printf 'package main\n\nfunc main() {}\n' >"$stage/src/main.go"
cp "$bin/portside" "$stage/portside"
(cd "$stage/src" && "$fyne" package -os linux --exe "$stage/portside" --src . --app-build "$build")
tarball="$dist/portside-$version-linux-amd64.tar.xz"
mv "$stage/src/Portside.tar.xz" "$tarball"
echo "package: $tarball"

# The .deb: the packager's files moved from /usr/local to /usr, where a
# package belongs, and the icon into the hicolor theme as well. The root
# is kept beside the binaries: make install copies from it.
mkdir -p "$stage/x"
tar -xJf "$tarball" -C "$stage/x"
root=$bin/deb-root
rm -rf "$root"
install -Dm755 "$stage/x/portside/usr/local/bin/portside" "$root/usr/bin/portside"
install -Dm755 "$bin/portside-cli" "$root/usr/bin/portside-cli"
install -Dm644 "$stage/x/portside/usr/local/share/applications/$appid.desktop" "$root/usr/share/applications/$appid.desktop"
install -Dm644 assets/Icon.png "$root/usr/share/icons/hicolor/512x512/apps/$appid.png"
install -Dm644 assets/icon.svg "$root/usr/share/icons/hicolor/scalable/apps/$appid.svg"
install -d "$root/usr/share/doc/portside"
"$bin/portside-cli" --version >"$root/usr/share/doc/portside/VERSION"
go run ./buildinfo/genlicenses -copyright "$root/usr/share/doc/portside/copyright"

# Depends: what the binaries link (dpkg-shlibdeps reads their NEEDED
# entries), plus what GLFW opens with dlopen at run time and so no tool
# sees: the X11 extension libraries its X11 back end uses. The Wayland
# ones are Recommends: GLFW falls back to X11 (XWayland) without them.
mkdir -p "$stage/shlib/debian"
printf 'Source: portside\n\nPackage: portside\nArchitecture: amd64\n' >"$stage/shlib/debian/control"
linked=$(cd "$stage/shlib" && dpkg-shlibdeps -O "$root/usr/bin/portside" "$root/usr/bin/portside-cli" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
dlopened="libx11-6, libx11-xcb1, libxcursor1, libxrandr2, libxinerama1, libxi6, libxext6, libxrender1, libxxf86vm1, libgl1, libglx-mesa0 | libglx-vendor"
# One entry per package, the versioned one from dpkg-shlibdeps first.
depends=$(printf '%s\n' "$linked, $dlopened" | tr ',' '\n' | sed 's/^ *//' | awk 'NF && !seen[$1]++' | paste -sd, | sed 's/,/, /g')
size=$(du -sk "$root/usr" | cut -f1)
install -d "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: portside
Version: $version
Architecture: amd64
Maintainer: Portside developers <noreply@portside.invalid>
Installed-Size: $size
Section: net
Priority: optional
Depends: $depends
Recommends: gnome-keyring | keepassxc | kwalletmanager, fonts-noto-cjk | fonts-wqy-microhei, libxkbcommon0, libwayland-cursor0, libwayland-egl1, libegl1, libdecor-0-0
Description: desktop FTP and FTPS client
 Portside shows local files on the left, the server on the right and a
 transfer queue below. It connects through NAT and firewalls (passive,
 active and an auto mode), resumes broken transfers, keeps a journaled
 queue and stores passwords only in the desktop keychain (Secret Service).
 .
 portside-cli is the same engine for scripts, without a window.
CONTROL
deb="$dist/portside_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "package: $deb"
