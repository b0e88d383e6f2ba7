#!/usr/bin/env bash
# Installs what building, running and testing Portside need on Debian 12.
# Idempotent and quiet when everything is there already.
set -euo pipefail

packages=(
  # build: Go's cgo and Fyne's OpenGL/GLFW bindings (X11 and Wayland)
  gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
  # the real window under Xvfb, screenshots, and driving it
  xvfb xauth x11-apps imagemagick xdotool dbus-x11
  # make bench-ui: when a remote listing's data connection ends (loopback)
  tcpdump
  # a font with Chinese, Japanese and Korean glyphs: Fyne falls back to the
  # system's fonts, and without one such names show as boxes (5 MB, where
  # fonts-noto-cjk is 91 MB)
  fonts-wqy-microhei
  # real FTP servers and reference clients for interop tests and benchmarks
  lftp curl openssl time
  # real OpenSSH (server for SFTP interop, client and agent for comparison and auth tests),
  # and rclone, the other SFTP client the benchmark compares with
  openssh-server openssh-client rclone
  # the Secret Service for keychain tests
  gnome-keyring libsecret-tools dbus
  # network namespaces, NAT and firewalls for the data-connection scenarios
  iproute2 iptables
  # make package and its test: the .deb, its dependencies, its menu entry
  dpkg-dev binutils xz-utils desktop-file-utils
  # make windows and the Windows tests: the cgo cross compiler (about 100 MB
  # to fetch), the resource compiler it brings for the icon, zip, and Wine
  # (about 105 MB to fetch, 35 packages; both install in about 35 s), and
  # NSIS for the installer (2 MB)
  gcc-mingw-w64-x86-64 zip wine64 nsis
  # real proxies (SOCKS5, HTTP CONNECT) for transfer/internal/proxyd; their
  # system services are kept from starting like the FTP servers' below
  dante-server tinyproxy
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  # policy-rc.d keeps the Debian FTP and SSH servers and the proxies from
  # starting as system services: the tests start their own copies on loopback.
  echo 'exit 101' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  $sudo rm -f /usr/sbin/policy-rc.d
fi

# vsftpd, pure-ftpd and proftpd conflict as Debian packages (each "Provides:
# ftp-server"), so the test harness unpacks them side by side instead.
./scripts/ftp-servers.sh

go mod download
