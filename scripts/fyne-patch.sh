#!/usr/bin/env bash
# fyne-patch: builds Fyne with Portside's patch (third_party/fyne/README.md).
# It copies Fyne from the module cache into .cache/, lays the patch's files
# over the copy, and writes .cache/fyne-patch/go.mod: go.mod with a replace
# of Fyne by the copy (go.sum beside it). It prints the go command's flag
# that builds with it, -modfile=…; Makefile puts it into GOFLAGS. go.mod
# itself stays as it is: a plain go build links upstream's Fyne.
# The patch is made for one Fyne version (third_party/fyne/VERSION): with
# another in go.mod, this fails rather than build a mix of the two.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
unset GOFLAGS # a -modfile in it would be the one being made
want=$(cat third_party/fyne/VERSION)
have=$(go list -m -f '{{.Version}}' fyne.io/fyne/v2)
[ "$have" = "$want" ] || {
  echo "fyne-patch: go.mod has Fyne $have, third_party/fyne is made for $want: port the patch (third_party/fyne/README.md)" >&2
  exit 1
}
out=$root/.cache/fyne-patch
copy=$out/fyne-$want
# The copy is made again when the patch or go.mod changed since.
stamp=$(cat third_party/fyne/VERSION go.mod go.sum $(find third_party/fyne/_files -type f | sort) | sha256sum | cut -c1-16)
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
  dir=$(go mod download -json fyne.io/fyne/v2 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || { echo "fyne-patch: Fyne $want is not in the module cache" >&2; exit 1; }
  rm -rf "$out"
  mkdir -p "$out"
  cp -r "$dir" "$copy.tmp"
  chmod -R u+w "$copy.tmp"
  cp -r third_party/fyne/_files/. "$copy.tmp/"
  mv "$copy.tmp" "$copy"
  { cat go.mod; printf '\nreplace fyne.io/fyne/v2 %s => %s\n' "$want" "$copy"; } >"$out/go.mod"
  cp go.sum "$out/go.sum"
  echo "$stamp" >"$out/stamp"
fi
echo "-modfile=$out/go.mod"
