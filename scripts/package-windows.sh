#!/usr/bin/env bash
# make windows: cross-compiles portside.exe (cgo, with Debian's MinGW-w64)
# and portside-cli.exe (pure Go), and zips them with the licences as
#   dist/portside-VERSION-windows-amd64.zip
# and, where makensis is installed, a per-user installer (NSIS):
#   dist/portside-VERSION-windows-amd64-setup.exe
# Usage: scripts/package-windows.sh OUT_DIR DIST_DIR LDFLAGS [TAGS]
# (TAGS: the Makefile's build tags for the window, no_animations.)
#
# The icon, the manifest (per-monitor DPI awareness, so Windows does not
# blur the window by scaling a bitmap; common controls 6) and the version
# shown in Explorer's Properties go in as a resource object (.syso) that
# MinGW's windres compiles and the Go linker picks up. `fyne package -os
# windows` makes the same resource, but then builds the program again
# with its own tags (migrated_fynedo) and C flags (hardening), which
# compiles the OpenGL binding for Windows a second time (over 2 minutes)
# and ships a binary the tests never ran.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fyne-patch.sh
use_fyne_patch # portside.exe links the patched Fyne, as make build does
out=$1 dist=$2 ldflags=$3 tags=${4:-}
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
IFS=. read -r major minor patch <<<"$version"
mkdir -p "$out" "$dist"
stage=$(mktemp -d)
syso=cmd/portside/rsrc_windows_amd64.syso
trap 'rm -rf "$stage" "$syso"' EXIT

convert assets/Icon.png -define icon:auto-resize=256,128,64,48,32,16 "$stage/portside.ico"
cat >"$stage/portside.exe.manifest" <<MANIFEST
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="app.portside.Portside" version="$major.$minor.$patch.$build"/>
  <description>Portside</description>
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0"
      processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/>
  </dependentAssembly></dependency>
  <application xmlns="urn:schemas-microsoft-com:asm.v3"><windowsSettings>
    <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
    <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,permonitor</dpiAwareness>
  </windowsSettings></application>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1"><application>
    <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
  </application></compatibility>
</assembly>
MANIFEST
cat >"$stage/portside.rc" <<RC
1 ICON "portside.ico"
1 24 "portside.exe.manifest"
1 VERSIONINFO
FILEVERSION $major,$minor,$patch,$build
PRODUCTVERSION $major,$minor,$patch,$build
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "ProductName", "Portside"
      VALUE "FileDescription", "Portside FTP and FTPS client"
      VALUE "ProductVersion", "$version"
      VALUE "FileVersion", "$version.$build"
      VALUE "OriginalFilename", "portside.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
(cd "$stage" && x86_64-w64-mingw32-windres -O coff -o portside.syso portside.rc)
cp "$stage/portside.syso" "$syso"

# -H windowsgui: no console window beside the app (--version then prints
# only where stdout is redirected, as under Wine or `portside --version | more`).
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
  go build -tags "$tags" -ldflags "$ldflags -s -w -H windowsgui" -o "$out/portside.exe" ./cmd/portside
rm -f "$syso"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
  go build -ldflags "$ldflags -s -w" -o "$out/portside-cli.exe" ./cmd/portside-cli

# The zip: one folder, the two programs, the licences, a short read-me.
z=$stage/portside
mkdir -p "$z"
cp "$out/portside.exe" "$out/portside-cli.exe" "$z/"
go run ./buildinfo/genlicenses -copyright "$z/LICENSES.txt"
cat >"$z/README.txt" <<README
Portside $version for Windows 10 and 11 (64-bit)

portside.exe      the window: double-click it. It needs OpenGL 2.1, which every
                  graphics driver since 2006 has (in a VM without one, install
                  Mesa's opengl32.dll next to it).
portside-cli.exe  the same engine on the command line, e.g.
                  portside-cli.exe --demo ls /
                  portside-cli.exe get ftpes://alice@example.com/site C:\\backup

Which build is this: Help > About in the window, or portside-cli.exe --version
(portside.exe is a window program and prints only into a pipe: portside --version | more).

Passwords are kept in the Windows Credential Manager; settings, saved sites
and the transfer queue in %APPDATA%\\Portside. LICENSES.txt lists the
components Portside is built from and their licences.
README
sed -i 's/$/\r/' "$z/README.txt" "$z/LICENSES.txt" # Notepad before Windows 10 1809 wants CRLF
zipfile=$(realpath "$dist")/portside-$version-windows-amd64.zip
rm -f "$zipfile"
(cd "$stage" && zip -qr -9 "$zipfile" portside)
echo "windows: $zipfile"

# The installer, where Debian's nsis is installed (scripts/deps.sh does).
if command -v makensis >/dev/null; then
  setup=$(realpath "$dist")/portside-$version-windows-amd64-setup.exe
  makensis -V2 -DVERSION="$version" -DSRC="$z" -DICON="$stage/portside.ico" -DOUTFILE="$setup" scripts/windows/portside.nsi
  echo "windows: $setup"
fi
