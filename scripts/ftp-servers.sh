#!/usr/bin/env bash
# Puts Debian 12's vsftpd, pure-ftpd and proftpd (with mod_tls) side by side
# under /opt/portside-ftp for the Go test harness transfer/internal/realftpd.
#
# Why not "apt-get install vsftpd pure-ftpd proftpd-basic": all three packages
# "Conflicts: ftp-server", so apt installs at most one of them, and installing
# one also starts it as a system service. Instead we "apt-get download" the
# server packages, unpack them with "dpkg-deb -x" (no maintainer scripts run,
# so no service, no inetd entry, no /etc/*.conf), and apt-get install only the
# shared libraries they link against. The harness runs each binary from the
# unpacked tree with a config it writes per test.
#
# Also sets up the little system state the servers need:
#   - system user "portside-ftp" (no shell): the uid every test login
#     maps to. vsftpd has no virtual users without a PAM database, so vsftpd
#     logs in as this real user; its random password is kept in
#     /opt/portside-ftp/password (root only).
#   - PAM service /etc/pam.d/portside-vsftpd (pam_unix only; Debian's own
#     vsftpd PAM file also runs pam_shells, which refuses a nologin shell).
#   - /opt/portside-ftp/vsftpd-empty: vsftpd's secure_chroot_dir (it must
#     exist, be owned by root and not be writable).
#
# Idempotent: a second run checks a stamp and the binaries and exits at once.
# Run as root from anywhere (scripts/deps.sh runs it from the repo root).
set -euo pipefail

prefix=/opt/portside-ftp
# Bump when the layout below changes, so old machines redo the setup.
layout=1
user=portside-ftp
pam_service=portside-vsftpd

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# binaries the harness runs, relative to $prefix
binaries=(vsftpd/usr/sbin/vsftpd pure-ftpd/usr/sbin/pure-ftpd pure-ftpd/usr/bin/pure-pw
  proftpd/usr/sbin/proftpd proftpd/usr/lib/proftpd/mod_tls.so)

ready() {
  [ "$(cat "$prefix/.layout" 2>/dev/null)" = "$layout" ] || return 1
  for b in "${binaries[@]}"; do [ -e "$prefix/$b" ] || return 1; done
  [ "$(getent passwd "$user" | cut -d: -f6)" = "$prefix/home" ] || return 1
  [ -s "$prefix/password" ] && [ -f "/etc/pam.d/$pam_service" ] && [ -d "$prefix/vsftpd-empty" ] || return 1
  # A library removed since (autoremove) shows as "not found".
  for b in "${binaries[@]}"; do
    if ldd "$prefix/$b" 2>/dev/null | grep -q 'not found'; then return 1; fi
  done
}

if ready; then
  exit 0
fi

echo "Setting up vsftpd, pure-ftpd and proftpd under $prefix"

# The server packages. proftpd's mod_tls.so is not in proftpd-core but in
# proftpd-mod-crypto (with mod_sftp); proftpd-basic is only a metapackage.
# pure-ftpd-common holds just the Debian wrapper script and /etc config, which
# we don't use (the harness passes command-line flags), so it is left out.
server_pkgs=(vsftpd pure-ftpd proftpd-core proftpd-mod-crypto)

apt_updated=no
apt_update() {
  if [ "$apt_updated" = no ]; then
    $sudo apt-get update -qq
    apt_updated=yes
  fi
}

# A fresh machine may have no package lists at all, and an old list may name
# a version the mirror has since dropped: then "apt-get download" 404s and
# "apt-get install" says e.g. "Package proftpd-core is not installable" or
# "has no installation candidate". Refresh the lists when a package has no
# candidate, and once more if a download or install still fails.
for p in "${server_pkgs[@]}"; do
  if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_update
    break
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

download() {
  # As root, apt would try to drop to the _apt user for downloading and warn
  # that _apt cannot write to $work; downloading as root is fine here.
  (cd "$work" && $sudo apt-get download -qq -o APT::Sandbox::User=root "${server_pkgs[@]}")
}
if ! download; then
  apt_update
  download
fi

# Library dependencies, read from the packages themselves: the first choice of
# each "Depends" entry that is a library, without version constraints. The
# rest (adduser, debconf, inetd, lsb-base, ucf, proftpd-core itself ...) is
# only for the maintainer scripts and services we don't run.
# libpam-modules brings pam_unix.so for vsftpd's logins; openssl makes the
# password hash for proftpd's AuthUserFile; curl and python3 (ftplib) are the
# reference clients the harness's own tests use.
libs=(libpam-modules libpam-runtime openssl curl python3)
for deb in "$work"/*.deb; do
  while read -r dep; do
    case "$dep" in lib*) libs+=("$dep") ;; esac
  done < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/:any//' -e 's/[[:space:]]//g')
done
missing=()
for p in $(printf '%s\n' "${libs[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing libraries: ${missing[*]}"
  install() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  if ! install; then
    apt_update
    install
  fi
fi

# Unpack each server into its own tree, then swap it in, so an interrupted run
# never leaves a half-unpacked server that looks installed.
$sudo mkdir -p "$prefix"
unpack() { # unpack NAME PACKAGE...
  local name=$1 dir="$prefix/.$1.new"
  shift
  $sudo rm -rf "$dir"
  $sudo mkdir -p "$dir"
  for p in "$@"; do
    $sudo dpkg-deb -x "$work/${p}_"*.deb "$dir"
  done
  $sudo rm -rf "$prefix/$name"
  $sudo mv "$dir" "$prefix/$name"
}
unpack vsftpd vsftpd
unpack pure-ftpd pure-ftpd
unpack proftpd proftpd-core proftpd-mod-crypto

for b in "${binaries[@]}"; do
  if ldd "$prefix/$b" | grep 'not found'; then
    echo "ftp-servers.sh: $prefix/$b still misses a library (above)" >&2
    exit 1
  fi
done

# The login user. --system keeps it out of the normal uid range; nologin
# keeps it from being a shell account even though it has a password.
# Its home must exist: vsftpd changes into the home folder before it chroots
# to local_root, and with /nonexistent the login fails with
# "500 OOPS: cannot change directory:/nonexistent".
$sudo mkdir -p "$prefix/home"
$sudo chmod 755 "$prefix/home"
if ! getent passwd "$user" >/dev/null; then
  $sudo useradd --system --user-group --no-create-home --home-dir "$prefix/home" \
    --shell /usr/sbin/nologin --comment "Portside FTP test login" "$user"
elif [ "$(getent passwd "$user" | cut -d: -f6)" != "$prefix/home" ]; then
  $sudo usermod --home "$prefix/home" "$user"
fi
if [ ! -s "$prefix/password" ]; then
  (umask 077 && openssl rand -hex 12 | $sudo tee "$prefix/password" >/dev/null)
fi
# Always, so a user re-created since still gets the password the harness reads.
echo "$user:$($sudo cat "$prefix/password")" | $sudo chpasswd

# pam_unix only: Debian's /etc/pam.d/vsftpd adds pam_listfile (/etc/ftpusers)
# and pam_shells, and pam_shells refuses a user whose shell is nologin.
$sudo tee "/etc/pam.d/$pam_service" >/dev/null <<'EOF'
# Portside's test vsftpd (scripts/ftp-servers.sh): local password check only.
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_unix.so
EOF

# vsftpd's secure_chroot_dir: an empty folder owned by root, not writable by
# anyone else. Kept here rather than in /run/vsftpd/empty, which is on a tmpfs
# and gone after a reboot.
$sudo mkdir -p "$prefix/vsftpd-empty"
$sudo chmod 755 "$prefix/vsftpd-empty"

echo "$layout" | $sudo tee "$prefix/.layout" >/dev/null
echo "FTP servers ready under $prefix"
