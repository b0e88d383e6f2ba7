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
# The copy is made again when anything it is made from changed since: the
# patch's files (names and contents), go.mod, go.sum, this script, or the
# checkout's place (the replace names it).
stamp=$( {
  echo "$root"
  sha256sum third_party/fyne/VERSION go.mod go.sum scripts/fyne-patch.sh
  (cd third_party/fyne/_files && find . -type f | LC_ALL=C sort | xargs sha256sum)
} | sha256sum | cut -c1-16)
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ] || [ ! -d "$copy" ]; then
  dir=$(go mod download -json fyne.io/fyne/v2 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || { echo "fyne-patch: Fyne $want is not in the module cache" >&2; exit 1; }
  # Made beside, then put in place: a build that reads the old copy
  # meanwhile loses it only for the moment of the two moves.
  new=$root/.cache/fyne-patch.new.$$
  rm -rf "$new"
  mkdir -p "$new"
  cp -r "$dir" "$new/fyne-$want"
  chmod -R u+w "$new/fyne-$want"
  cp -r third_party/fyne/_files/. "$new/fyne-$want/"
  { cat go.mod; printf '\nreplace fyne.io/fyne/v2 %s => %s\n' "$want" "$copy"; } >"$new/go.mod"
  cp go.sum "$new/go.sum"
  echo "$stamp" >"$new/stamp"
  rm -rf "$out.old.$$"
  [ ! -e "$out" ] || mv "$out" "$out.old.$$"
  mv "$new" "$out"
  rm -rf "$out.old.$$"
fi
echo "-modfile=$out/go.mod"
