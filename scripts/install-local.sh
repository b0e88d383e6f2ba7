#!/usr/bin/env bash
# make install / make uninstall: Portside for one user, without root.
#   scripts/install-local.sh install ROOT PREFIX   copy the .deb's files from ROOT
#   scripts/install-local.sh uninstall - PREFIX    remove them again
# PREFIX is ~/.local by default: bin/ is on a Debian user's PATH once it
# exists, and desktop menus read share/applications and share/icons there.
set -euo pipefail
action=$1 root=$2 prefix=$3
appid=$(sed -n 's/^ID *= *"\(.*\)"/\1/p' "$(dirname "$0")/../FyneApp.toml")
files=(
  bin/portside
  bin/portside-cli
  "share/applications/$appid.desktop"
  "share/icons/hicolor/512x512/apps/$appid.png"
  "share/icons/hicolor/scalable/apps/$appid.svg"
)
case $action in
install)
  for f in "${files[@]}"; do
    mode=644
    [[ $f == bin/* ]] && mode=755
    install -Dm$mode "$root/usr/$f" "$prefix/$f"
  done
  # The menu starts the program by its full path: ~/.local/bin is not on
  # the PATH of every desktop session.
  sed -i "s|^Exec=portside|Exec=$prefix/bin/portside|" "$prefix/share/applications/$appid.desktop"
  ;;
uninstall)
  for f in "${files[@]}"; do rm -f "$prefix/$f"; done
  ;;
*)
  echo "usage: $0 install ROOT PREFIX | uninstall - PREFIX" >&2
  exit 2
  ;;
esac
# Refresh the menu's and the icon theme's caches where the tools exist;
# a desktop without them rereads the folders by itself.
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null && [ -f "$prefix/share/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q "$prefix/share/icons/hicolor" 2>/dev/null || true
fi
echo "portside: ${action}ed under $prefix"
