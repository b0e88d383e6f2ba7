#!/usr/bin/env bash
# Opens every dialog, pop-up and menu of the real window, one after the
# other, under Xvfb: each toolbar button, each menu entry, each Site
# Manager button and tab, each context-menu entry, the Synchronize dialog
# and its preview, the certificate and file-exists questions, View/Edit's
# questions (an editor that saves, a second writer on the server), SFTP's
# host key and password questions and check (the demo's SFTP side,
# --demo-sftp), the proxy settings' error. After each it
# checks that the app is still running and that the screen changed, then
# closes what it opened. Fyne's test driver cannot stand in for this: in
# Fyne 2.8.1 resizing a file dialog before Show passed every unit test and
# killed the real app (a nil pointer in FileDialog.MinSize).
#
# Every "open ID" step below names a "// dialog: ID" tag in ui/*.go;
# TestEveryDialogIsInTheRealWindowScript fails when a dialog in the code is
# not opened here, or an ID here is not in the code.
#
# The script asks the app where its controls are (PORTSIDE_PLACEMENTS=1 and
# SIGUSR1, see cmd/portside/placements_unix.go) and clicks there; nothing is
# at a hard-coded coordinate but the main menu's titles. Then it checks the
# window at 800x600, 1280x800 and 1920x1080 (the Connect button inside the
# window) and writes docs/screenshots/window-*.png when DIALOGS_SHOTS=1.
#
#   scripts/dialogs-xvfb.sh
#
# PORTSIDE_BIN overrides the binary, SMOKE_TIMEOUT the waits (s).
# DIALOGS_KEEP=DIR keeps a screenshot of each step there (NNN-ID.png, the
# window with what the step opened).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${PORTSIDE_BIN:-bin/portside}
wait_s=${SMOKE_TIMEOUT:-30}

# DIALOGS_DEBUG=DIR keeps the last screenshots of a failed run there.
fail() {
  echo "dialogs: FAIL: $*" >&2
  if [ -n "${DIALOGS_DEBUG:-}" ] && [ -n "${tmp:-}" ]; then
    mkdir -p "$DIALOGS_DEBUG" && cp "$tmp"/*.png "$tmp/app.log" "$DIALOGS_DEBUG/" 2>/dev/null || true
    [ -n "${wid:-}" ] && import -window "$wid" "$DIALOGS_DEBUG/at-failure.png" 2>/dev/null || true
  fi
  exit 1
}
. scripts/lib/xvfb.sh # after the cd to the repository root

[ -x "$bin" ] || fail "$bin not found; run make build first"
for tool in Xvfb xdotool import compare identify; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/deps.sh"
done

tmp=$(mktemp -d /tmp/portside-dialogs.XXXXXX)
xvfb_pid="" app_pid=""
stop_on_exit dialogs
XVFB_SCREEN=1920x1200 start_xvfb "$wait_s" # room for a 1920x1080 window
export FYNE_SCALE=1 PORTSIDE_PLACEMENTS=1

# The local folder holds a README.txt, as the demo server's root does: an
# upload of it asks whether to overwrite. HOME holds a FileZilla site list
# where the import dialog opens.
local_dir=$tmp/local root=$tmp/server
mkdir -p "$local_dir/photos" "$root" "$tmp/home/.config/filezilla" "$tmp/home/.cache"
printf 'Local readme.\n' >"$local_dir/README.txt"
cat >"$tmp/home/.config/filezilla/sitemanager.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3><Servers><Server><Host>ftp.example.com</Host><Port>21</Port><Protocol>0</Protocol>
<Type>0</Type><User>alice</User><Logontype>2</Logontype><Name>Example</Name></Server></Servers></FileZilla3>
EOF

# ---- talking to the app -------------------------------------------------

seq_n=0 applog=$tmp/app.log
# where NAME: sets X Y (the middle) and PX PY PW PH (the box) of a named
# control from a fresh listing; fails when it is not on screen.
where() {
  local name=$1 line
  seq_n=$((seq_n + 1))
  kill -USR1 "$app_pid" 2>/dev/null || fail "portside is gone (looking for $name)"
  for _ in $(seq $((wait_s * 20))); do
    grep -qx "portside: at end $seq_n" "$applog" && break
    sleep 0.05
  done
  block=$(sed -n "/^portside: at begin $seq_n\$/,/^portside: at end $seq_n\$/p" "$applog")
  line=$(grep -m1 "^portside: at $name " <<<"$block" || true)
  [ -n "$line" ] || return 1
  read -r _ _ _ PX PY PW PH <<<"$line"
  X=$((PX + PW / 2)) Y=$((PY + PH / 2))
}
need() { where "$1" || fail "$1 is not on screen (step $step)"; }
# await NAME: waits (up to the waits' limit) for a named control that
# comes up after some work: a download, a login, an editor's save.
await() {
  for _ in $(seq $((wait_s * 2))); do
    where "$1" && return 0
    alive
    sleep 0.5
  done
  fail "$1 did not come up within ${wait_s}s (step $step)"
}
click() { need "$1"; xdotool mousemove --window "$wid" "$X" "$Y" click "${2:-1}"; sleep 0.4; }
# pick MENU LABEL: in the open menu, go down to LABEL and take it. (Not in
# a subshell: where counts its listings.)
pick() {
  local i
  where window || true
  i=$(grep "^portside: menu $1 [0-9]* $2" <<<"$block" | head -1 | awk '{ print $4 }')
  [ -n "$i" ] || fail "menu $1 has no entry \"$2\" (step $step)"
  xdotool key --delay 60 $(for _ in $(seq $((i + 1))); do printf 'Down '; done) space
  sleep 0.5
}
# main_menu TITLE LABEL: the menu bar's titles are the one thing at a fixed
# place: Fyne's driver draws the bar and tells nobody where its titles are
# (their entries are listed, by nameMenu). File, View, Bookmarks, Help, at
# FYNE_SCALE=1; a new menu or a renamed title moves those after it.
main_menu() {
  local x
  case $1 in File) x=27 ;; View) x=73 ;; Bookmarks) x=145 ;; Help) x=218 ;; *) fail "main_menu: no title $1" ;; esac
  xdotool mousemove --window "$wid" "$x" 14 click 1
  sleep 0.4
  pick "$1" "$2"
}
# context NAME ROW [SIDE-CLICK]: right-click row ROW of a named list.
context() {
  need "$1"
  xdotool mousemove --window "$wid" $((PX + 60)) $((PY + 14 + 29 * $2)) click 1
  sleep 0.3
  xdotool click 3
  sleep 0.4
}
# dialog_button NAME left|middle|right: checks that the dialog holding the
# named control is up, then presses one of its buttons. Fyne's own dialogs
# keep their buttons to themselves; they sit centred at the bottom of the
# dialog (the top overlay), the dismiss button left of the confirm one.
dialog_button() {
  need "$1"
  need overlay
  local x=$X y=$((PY + PH - 34))
  case $2 in left) x=$((X - 45)) ;; right) x=$((X + 45)) ;; esac
  xdotool mousemove --window "$wid" "$x" "$y" click 1
  sleep 0.4
}
key() { xdotool key "$@"; sleep 0.4; }
# close_again NAME BUTTON: when NAME did not come up, BUTTON once more.
# Fyne 2.8.1 can drop the first click after a dialog closes (here the
# connection check's, then the Site Manager's Close; after the window
# had been resized, two runs of three).
close_again() { where "$1" || { sleep 0.5; click "$2"; }; }
type_text() { xdotool type --delay 20 "$1"; sleep 0.2; }
# file_dialog_cancel [FROM-RIGHT]: Fyne's file dialog (the top overlay) has
# Cancel left of its confirm button at the bottom right, both as wide as
# the wider label: 103 px from the right edge for Open and Save.
file_dialog_cancel() {
  need overlay
  xdotool mousemove --window "$wid" $((PX + PW - ${1:-103})) $((PY + PH - 22)) click 1
  sleep 0.4
  # Fyne 2.8.1 drops the first click after a file dialog closes; spend it
  # on the window's bottom-left corner (the status bar, or the dimmed
  # background of a dialog).
  need window
  xdotool mousemove --window "$wid" 3 $((PH - 3)) click 1
  sleep 0.3
}

alive() { kill -0 "$app_pid" 2>/dev/null || fail "portside died during step $step"; }
# shot FILE: the window at a quarter of its size (comparing is then cheap;
# a dialog or menu still changes hundreds of its pixels).
shot() { import -window "$wid" miff:- 2>/dev/null | convert - -scale 25% "$1" 2>/dev/null || fail "screenshot failed (step $step)"; }
changed() { # changed A B: pixels that differ
  local n
  n=$(compare -metric AE -fuzz 3% "$1" "$2" null: 2>&1 || true)
  awk -v n="${n%% *}" 'BEGIN { printf "%d\n", n }' # compare may print 1.2e+06
}

opened=()
# settle BEFORE AFTER: shoots AFTER until it differs from BEFORE (up to 3 s;
# a loaded machine draws late) and prints the pixels that differ.
settle() {
  local n=0
  for _ in $(seq 10); do
    alive
    xdotool mousemove --window "$wid" 2 2
    shot "$2"
    n=$(changed "$1" "$2")
    [ "${n:-0}" -gt 40 ] && break
    sleep 0.3
  done
  echo "$n"
}
# open ID ACTION [CLOSE]: run ACTION, check the app lives and the screen
# changed, then CLOSE and check again. When nothing changed, ACTION runs
# once more, and the output says so: under load a click on a button that
# is being enabled, or the first click after a file dialog closed (Fyne
# 2.8.1), can come to nothing.
open() {
  step=$1
  local before=$tmp/before.png after=$tmp/after.png n
  xdotool mousemove --window "$wid" 2 2
  shot "$before"
  eval "$2"
  n=$(settle "$before" "$after")
  if [ "${n:-0}" -le 40 ]; then
    echo "dialogs: $step: nothing changed, trying once more"
    eval "$2"
    n=$(settle "$before" "$after")
  fi
  [ "${n:-0}" -gt 40 ] || fail "step $step: the screen did not change ($n pixels)"
  if [ -n "${DIALOGS_KEEP:-}" ]; then
    mkdir -p "$DIALOGS_KEEP"
    import -window "$wid" "$DIALOGS_KEEP/$(printf '%03d' ${#opened[@]})-$1.png" 2>/dev/null || true
  fi
  if [ -n "${3:-}" ]; then
    eval "$3"
    sleep 0.3
    alive
  fi
  opened+=("$1")
  printf 'dialogs: %-18s ok (%s pixels changed)\n' "$1" "$n"
}

start_app() { # start_app ARGS...: the app and its window
  HOME=$tmp/home "$bin" "$@" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  wid=""
  for _ in $(seq $((wait_s * 5))); do
    kill -0 "$app_pid" 2>/dev/null || fail "portside exited before its window appeared"
    wid=$(xdotool search --onlyvisible --name 'Portside' 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  [ -n "$wid" ] || fail "no Portside window within ${wait_s}s"
}
wait_for() { # wait_for REGEX: a line of the app's output
  for _ in $(seq $((wait_s * 10))); do
    grep -q "$1" "$tmp/app.log" && return 0
    alive
    sleep 0.1
  done
  fail "no \"$1\" within ${wait_s}s (step $step)"
}

# View/Edit's editor: it saves the copy it is given once, a second after
# it starts, as a user would; before that, when $tmp/second-writer exists,
# someone else changes the server's file (the demo serves $root). The
# command is Fyne's preference edit.commands, as File > Files being
# edited sets it.
printf '#!/bin/sh\nsleep 1\n[ -e "%s" ] && printf "Changed on the server meanwhile.\\n" >>"%s"\nprintf "Edited.\\n" >>"$1"\n' \
  "$tmp/second-writer" "$root/README.txt" >"$tmp/editor.sh"
chmod 755 "$tmp/editor.sh"
mkdir -p "$XDG_CONFIG_HOME/fyne/app.portside.Portside"
printf '{"edit.commands":"%s"}\n' "$tmp/editor.sh" >"$XDG_CONFIG_HOME/fyne/app.portside.Portside/preferences.json"

start=$(date +%s)
step=start
# --demo-sftp: the demo folder over SFTP too, with a host key nobody
# trusts yet and a password made for this run (in the log), saved as the
# site "SFTP demo server".
start_app --demo --demo-sftp --demo-root "$root" --local "$local_dir"
wait_for '^portside: remote listing / '
sleep 1

# ---- window sizes ---------------------------------------------------------
# The window may be as small as 760x520 (its WM_NORMAL_HINTS minimum), and
# at each size the quick-connect bar's Connect button, and every field, is
# inside the window: folded into More when the window is narrow (#11: the
# minimum was 1,121 px and Connect fell off the edge at 800 px).
step=sizes
read -r minw minh <<<"$(xprop -id "$wid" WM_NORMAL_HINTS | sed -n 's/.*minimum size: \([0-9]*\) by \([0-9]*\).*/\1 \2/p')"
[ -n "${minw:-}" ] && [ "$minw" -le 760 ] && [ "$minh" -le 520 ] || fail "the window's minimum size is ${minw:-?}x${minh:-?}, want at most 760x520"
echo "dialogs: the window's minimum size is ${minw}x$minh"
inside() { # inside NAME W H: NAME lies wholly inside a W x H window
  need "$1"
  [ "$PX" -ge 0 ] && [ "$PY" -ge 0 ] && [ $((PX + PW)) -le "$2" ] && [ $((PY + PH)) -le "$3" ] ||
    fail "$1 ($PX,$PY ${PW}x$PH) is not inside the ${2}x$3 window"
}
for size in 760x520 800x600 1280x800 1920x1080; do
  sw=${size%x*} sh=${size#*x}
  xdotool windowsize --sync "$wid" "$sw" "$sh" || true
  sleep 1.5
  need window
  [ "$PW" -eq "$sw" ] && [ "$PH" -eq "$sh" ] || fail "asked for a ${size} window, got ${PW}x$PH"
  for c in bar.host bar.user bar.password bar.connect pane.local pane.remote; do inside "$c" "$sw" "$sh"; done
  if [ -n "${DIALOGS_SHOTS:-}" ]; then
    xdotool mousemove --window "$wid" 2 2
    import -window "$wid" "docs/screenshots/window-$size.png"
  fi
  if where bar.more; then
    # dialog bar-more, folded: port, protocol, TLS and mode in a pop-up.
    open bar-more "click bar.more; need bar.port" \
      "for c in bar.port bar.protocol bar.tls bar.mode; do inside \$c $sw $sh; done; xdotool mousemove --window $wid 3 \$(($sh - 3)) click 1; sleep 0.4"
  else
    for c in bar.port bar.protocol bar.tls bar.mode; do inside "$c" "$sw" "$sh"; done
  fi
  need bar.connect
  echo "dialogs: ${size}: Connect at $PX,$PY ${PW}x$PH"
done
xdotool windowsize --sync "$wid" 1280 800 || true
sleep 1

# ---- the main window ----------------------------------------------------

open keys "main_menu Help 'Keyboard shortcuts'" "dialog_button dlg.keys middle"
# Dialogs whose controls are not named close by their buttons, found from
# the top overlay (the dialog's box).
open about "main_menu Help 'About Portside'" "dialog_button overlay middle"
open edit-list "main_menu File 'Files being edited…'" "dialog_button overlay middle"
open find "main_menu File 'Find files…'" "dialog_button overlay middle"
# Find README (taken from the menu with Space, whose " " once reached the
# field: ui/stray_space.go), pick the first match, Delete: the question
# (No), then Close.
open find-delete "main_menu File 'Find files…'; type_text README; key Return; sleep 1.5; need find.results; xdotool mousemove --window $wid \$((PX + 60)) \$((PY + 14)) click 1; sleep 0.4; click find.delete; sleep 0.4; need overlay; [ \$PW -lt 600 ] || fail 'Delete asked nothing'" \
  "dialog_button overlay left; dialog_button overlay middle"
# Filename filters…: a rule typed and added, then Cancel (nothing saved).
open filters "main_menu File 'Filename filters…'; type_text '*.log'; click filters.add" "dialog_button overlay left"
open proxy "main_menu File 'Proxy settings…'" "dialog_button overlay left"
# Saving a port that is no number fails: the error (OK), then the form
# again as it was typed (Cancel); nothing saved.
open proxy-save-error "main_menu File 'Proxy settings…'; click proxy.port; key ctrl+a; type_text 80x; dialog_button proxy.port right; need overlay; [ \$PW -lt 500 ] || fail 'Save showed no error'" \
  "dialog_button overlay middle; need proxy.port; dialog_button proxy.port left"
open settings "main_menu File 'Settings…'" "dialog_button overlay left"
open bookmark-add "main_menu Bookmarks 'Add bookmark…'" "dialog_button overlay left"
# The demo is a saved site: its own bookmarks are in the Site Manager.
open site-manager "main_menu Bookmarks 'Site bookmarks in the Site Manager…'; need sm.bookmarks.new" "click sm.close"
# The check runs against the demo server the bar names.
open check "main_menu File 'Check connection…'; sleep 1; need check.close" "click check.close"
# The drop-down arrow at the right end of the host field.
open quick-history "need bar.host; xdotool mousemove --window $wid \$((PX + PW - 16)) \$Y click 1; sleep 0.4" "key Escape"
open recent-menu "click tb.recent" "key Escape"
open site-manager "click tb.sitemanager" "click sm.close"
open site-manager "main_menu File 'Site Manager'" "click sm.close"
open site-manager "key ctrl+s" "click sm.close"
open sync "click tb.sync" "click sync.cancel"
open sync "main_menu File 'Synchronize'" "click sync.cancel"
open sync-job "click tb.sync; click sync.savejob" "dialog_button dlg.sync-job left; click sync.cancel"
open sync-preview "click tb.sync; click sync.compare" "click preview.cancel"

# The remote pane's context menu and each of its entries. Row 0 is the
# folder "backups"; the last rows are files.
open pane-menu "context pane.remote 0" "key Escape"
open download-to "context pane.remote 6; pick pane 'Download to'" "file_dialog_cancel 195"
open name-form "context pane.remote 0; pick pane 'Rename'" "dialog_button dlg.name left"
open name-form "context pane.remote 0; pick pane 'New folder'" "dialog_button dlg.name left"
open delete-confirm "context pane.remote 0; pick pane 'Delete'" "dialog_button dlg.delete left"
open chmod "context pane.remote 6; pick pane 'File permissions…'" "dialog_button overlay left"
# View/Edit of README.txt: the editor (above) saves the copy, and the app
# asks whether to upload it; meanwhile a second writer changed the
# server's file, so Yes brings the changed-on-the-server question: Keep
# the server's.
open edit-changed "touch $tmp/second-writer; context pane.remote 6; pick pane 'View/Edit'; await dlg.edit-changed"
open edit-conflict "click edit.yes; await dlg.edit-conflict" "click edit.theirs"
rm -f "$tmp/second-writer"
open sync "context pane.remote 0; pick pane 'Synchronize'" "click sync.cancel"
open pane-menu "context pane.remote 0; pick pane 'Open'" "key BackSpace"
open pane-menu "context pane.remote 6; pick pane 'Copy path'"
open pane-menu "context pane.remote 0; pick pane 'Refresh'"
# Upload the local README.txt onto the server's: the file-exists question.
open exists "context pane.local 1; pick pane 'Upload'" "dialog_button dlg.exists left"
open pane-menu "context pane.local 0; pick pane 'Add to queue'"
# Download the server's README.txt onto the local one: the question again.
open exists "context pane.remote 6; pick pane 'Download'" "dialog_button dlg.exists left"
sleep 1
# The queue's context menu, on the paused upload and on the one done; each
# entry of the first.
open queue-menu "click queue.tab.0; context queue.list.0 0" "key Escape"
# The entries that apply to a paused item, then to a cancelled one, then
# to one done (Pause and Resume run the same command path as Cancel).
open queue-menu "click queue.tab.0; context queue.list.0 0; pick queue 'Cancel'"
open queue-menu "click queue.tab.1; context queue.list.1 0; pick queue 'Retry'"
sleep 1
open queue-menu "click queue.tab.2; context queue.list.2 0; pick queue 'Remove'"

# Synchronized browsing on, then open the server's "backups", which the
# local folder lacks (its "photos" went up to the server above): the
# question whether to create it here (Don't create). Then off.
open compare-create "main_menu View 'Synchronized browsing'; need pane.remote; xdotool mousemove --window $wid \$((PX + 60)) \$((PY + 14)) click --repeat 2 --delay 80 1; sleep 0.8" \
  "dialog_button overlay left; main_menu View 'Synchronized browsing'"

# ---- tabs ------------------------------------------------------------------

# File → New tab (Ctrl+T): a second tab with its own bar and panes; Next
# tab (Ctrl+Tab) back to the first; a third (Ctrl+T) closed (Ctrl+W), then
# the second from the menu. Each
# must change the window and leave the app running; the bar and panes the
# script finds afterwards are the current tab's (nameTab).
tab_step() { # tab_step NAME ACTION
  step=$1
  local before=$tmp/before.png after=$tmp/after.png n
  xdotool mousemove --window "$wid" 2 2
  shot "$before"
  eval "$2"
  n=$(settle "$before" "$after")
  [ "${n:-0}" -gt 40 ] || fail "step $step: the screen did not change ($n pixels)"
  printf 'dialogs: %-18s ok (%s pixels changed)\n' "$step" "$n"
}
tab_step new-tab "main_menu File 'New tab'; need bar.host"
tab_step next-tab "key ctrl+Tab; need pane.remote"
tab_step new-tab-key "key ctrl+t"
tab_step close-tab "key ctrl+w; need pane.remote"
# Ctrl+W left the second tab in front (its left neighbour): close it from
# the menu, and the first, connected to the demo, is the one left.
tab_step close-tab-menu "main_menu File 'Close tab'; need pane.remote"

# ---- the Site Manager -----------------------------------------------------

# tree_row N: the Site Manager's tree, row N (0: My Sites, 1: Demo server).
tree_row() {
  need sm.tree
  xdotool mousemove --window "$wid" $((PX + 120)) $((PY + 19 + 39 * $1)) click 1
  sleep 0.4
}
demo_port=$(sed -n 's/^portside: demo server on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/app.log")

click tb.sitemanager
open site-manager "tree_row 1"
for i in 0 1 2 3 4 5; do open site-manager "click sm.tab.$i"; done
# The Proxy tab's type choice (its pop-up list), then back to General.
open site-manager "click sm.tab.4; click sm.proxy.kind" "key Escape; click sm.tab.0"
# The check of the saved site "SFTP demo server" (row 2, while no other
# site is saved; --demo-sftp): its host key is unknown (Trust once), then
# the check's report (Close), and the demo site again.
open sm-check-sftp "tree_row 2; click sm.test; await check.close" \
  "await hostkey.once; click hostkey.once; for _ in 1 2 3 4; do sleep 0.5; if where hostkey.once; then click hostkey.once; fi; done; click check.close; if where check.close; then sleep 0.5; click check.close; fi; tree_row 1"
open sm-browse "click sm.tab.1; click sm.browse" "file_dialog_cancel"
open sm-export "click sm.export" "file_dialog_cancel"
open sm-import "click sm.import" "file_dialog_cancel"
# Import the FileZilla file the dialog opens beside: the first file, Open.
open import-report "click sm.import; sleep 0.8; need overlay; xdotool mousemove --window $wid \$((PX + 260)) \$((PY + 120)) click 1; sleep 0.3; xdotool mousemove --window $wid \$((PX + PW - 50)) \$((PY + PH - 22)) click 1; sleep 0.8" \
  "dialog_button dlg.import-report middle"
# A folder (named in the form), renamed (the form again), deleted (asks).
open sm-name-form "tree_row 0; click sm.new-folder" "need dlg.sm-name; type_text ' Work'; key Return"
open sm-name-form "click sm.rename" "dialog_button dlg.sm-name left"
open sm-delete-confirm "click sm.delete" "dialog_button dlg.sm-delete right"
# A copy of the demo site, deleted (asks).
open site-manager "tree_row 1; click sm.duplicate"
open sm-delete-confirm "click sm.delete" "dialog_button dlg.sm-delete right"
# A new site, changed, then Close: the unsaved-changes question (Discard
# closes the manager).
open unsaved-changes "tree_row 0; click sm.new-site; click sm.host; type_text example.org; click sm.close" \
  "dialog_button dlg.unsaved left"
# Escape closes the Site Manager whatever has the focus (#11: Fyne gives
# a bare key to the focused widget alone): a field, the password field,
# the logon select (the first Escape closes its pop-up), the tree; after a change it asks first
# (Discard).
sm_gone() { if where sm.tree; then fail "Escape with $1 focused left the Site Manager up"; fi; }
open site-manager "click tb.sitemanager; tree_row 1; click sm.host" "key Escape; sm_gone sm.host"
open site-manager "click tb.sitemanager; tree_row 1; click sm.password" "key Escape; sm_gone sm.password"
open site-manager "click tb.sitemanager; tree_row 1; click sm.logon" "key Escape; key Escape; sm_gone sm.logon"
open site-manager "click tb.sitemanager; tree_row 1; click sm.tab.0; tree_row 1" "key Escape; sm_gone sm.tree"
open unsaved-changes "click tb.sitemanager; tree_row 0; click sm.new-site; click sm.host; type_text example.org; key Escape" \
  "need dlg.unsaved; dialog_button dlg.unsaved left; sm_gone 'a changed field'"
# A new site for the demo server: Connect shows its certificate, which
# this site has not pinned: Reject. Then one that asks for the password.
new_demo_site="tree_row 0; click sm.new-site; click sm.host; type_text 127.0.0.1; click sm.port; type_text $demo_port; click sm.user; type_text demo"
# Test connection: with the password typed, the check; with "ask for
# password", the question first (Cancel). The check of this unsaved site
# asks about the demo's certificate (Reject), maybe once per way it tries.
# Close then asks about the unsaved site: Discard.
open sm-check "click tb.sitemanager; $new_demo_site; click sm.password; type_text demo; click sm.test; sleep 1; need check.close" \
  "for _ in 1 2 3 4 5 6 7 8; do sleep 0.5; if where cert.reject; then xdotool mousemove --window $wid \$X \$Y click 1; fi; done; click check.close; click sm.close; close_again dlg.unsaved sm.close; dialog_button dlg.unsaved left"
open sm-check-password "click tb.sitemanager; $new_demo_site; click sm.logon; key Down Down Down space; click sm.test; need dlg.check-password" \
  "dialog_button dlg.check-password left; click sm.close; dialog_button dlg.unsaved left"
open cert-pin "click tb.sitemanager; $new_demo_site; click sm.connect; sleep 1; need cert.reject" "click cert.reject"
open password "click tb.sitemanager; $new_demo_site; click sm.logon; key Down Down Down space; click sm.connect; need dlg.password" \
  "type_text demo; key Return; sleep 1; click cert.reject"
# ---- SFTP: the demo's SFTP side --------------------------------------------
# Quick-connect to it with no password: its host key is unknown (Trust
# once), then the server's "Password:" question comes to the user (the
# run's password, OK), and the tab lists the demo folder over SFTP.
sftp_port=$(sed -n 's/^portside: demo SFTP server on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/app.log")
sftp_pw=$(sed -n 's/^portside: demo SFTP server on .*, password \([A-Z2-7]*\), .*/\1/p' "$tmp/app.log")
[ -n "$sftp_port" ] && [ -n "$sftp_pw" ] || fail "the app did not say where its SFTP demo is"
open sftp-hostkey "click bar.host; key ctrl+a; type_text sftp://demo@127.0.0.1:$sftp_port; click bar.password; key ctrl+a BackSpace; click bar.connect; await dlg.hostkey"
open sftp-prompt "click hostkey.once; await dlg.ssh-prompt" \
  "click dlg.ssh-prompt; type_text $sftp_pw; dialog_button dlg.ssh-prompt right; wait_for '^portside: remote listing $root '"

# ---- a second Portside: no demo, no keychain, a damaged sites.json -------

# It quick-connects to the first one's demo server, whose certificate it
# has never seen (the demo trusts its own server; this one asks), and it
# keeps its settings where the first one never looked. D-Bus points
# nowhere: no keychain.
first_pid=$app_pid first_wid=$wid
mkdir -p "$tmp/config2/portside"
printf '{ this is not JSON' >"$tmp/config2/portside/sites.json"
start_second() {
  XDG_CONFIG_HOME=$tmp/config2 DBUS_SESSION_BUS_ADDRESS=unix:path=$tmp/no-bus HOME=$tmp/home \
    "$bin" --local "$local_dir" "ftpes://demo@127.0.0.1:$demo_port/" >"$tmp/app2.log" 2>&1 &
  app_pid=$! applog=$tmp/app2.log seq_n=0
  wid=""
  for _ in $(seq $((wait_s * 5))); do
    alive
    wid=$(xdotool search --onlyvisible --name 'Portside' 2>/dev/null | grep -vx "$first_wid" | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  [ -n "$wid" ] || fail "no second Portside window within ${wait_s}s"
  sleep 1.5
}
# The damaged sites.json was moved aside, and a dialog says so.
open warn "start_second; need dlg.warn" "dialog_button dlg.warn middle"
open trust "click bar.connect; sleep 1; need dlg.trust" "dialog_button dlg.trust left"
# A site with a password, saved where there is no keychain.
open no-keychain "click tb.sitemanager; click sm.new-site; click sm.host; type_text example.org; click sm.user; type_text alice; click sm.password; type_text secret; click sm.save; sleep 1; need dlg.no-keychain" \
  "dialog_button dlg.no-keychain left; click sm.close"
kill -TERM "$first_pid" 2>/dev/null || true

# ---- a third Portside: ftp:// to a server without TLS -------------------
# ftp:// is explicit TLS if available; this server refuses AUTH TLS (502),
# so the app asks before sending the password readable: Cancel, and the
# server must not have seen USER or PASS. (A few lines of Python stand in
# for a TLS-less server: the Go tests check the same against the embedded
# server and vsftpd.)
python3 - "$tmp/plain.port" 2>"$tmp/plain.log" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(300)
while True:
    c, _ = s.accept()
    c.settimeout(60)
    c.sendall(b"220 plain test server\r\n")
    for line in c.makefile("rb"):
        verb = line.split(b" ")[0].strip().upper()[:8]
        sys.stderr.write("got %s\n" % verb.decode("ascii", "replace"))
        sys.stderr.flush()
        c.sendall(b"221 bye\r\n" if verb == b"QUIT" else b"502 no TLS here\r\n")
        if verb == b"QUIT":
            break
    c.close()
PY
plain_pid=$!
for _ in $(seq $((wait_s * 10))); do [ -s "$tmp/plain.port" ] && break; sleep 0.1; done
[ -s "$tmp/plain.port" ] || fail "the plain test server did not start"
second_pid=$app_pid second_wid=$wid
# X reuses a closed client's window IDs: the first Portside must be gone
# before the third is told from the second by its window ID.
for _ in $(seq 50); do kill -0 "$first_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$first_pid" 2>/dev/null || true
start_third() {
  XDG_CONFIG_HOME=$tmp/config3 DBUS_SESSION_BUS_ADDRESS=unix:path=$tmp/no-bus HOME=$tmp/home PORTSIDE_PASSWORD=secret \
    "$bin" --local "$local_dir" "ftp://alice@127.0.0.1:$(cat "$tmp/plain.port")/" >"$tmp/app3.log" 2>&1 &
  app_pid=$! applog=$tmp/app3.log seq_n=0
  wid=""
  for _ in $(seq $((wait_s * 5))); do
    alive
    wid=$(xdotool search --onlyvisible --name 'Portside' 2>/dev/null | grep -vx "$second_wid" | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  [ -n "$wid" ] || fail "no third Portside window within ${wait_s}s"
  sleep 1.5
}
open plain-login "start_third; for _ in \$(seq 40); do where dlg.plain && break; sleep 0.25; done; need dlg.plain" "dialog_button dlg.plain left"
kill -TERM "$second_pid" 2>/dev/null || true
grep -q "got AUTH" "$tmp/plain.log" || fail "the app did not try AUTH TLS on ftp://"
! grep -q "got USER\|got PASS" "$tmp/plain.log" || fail "Cancel still sent the login: $(cat "$tmp/plain.log")"
kill -TERM "$plain_pid" 2>/dev/null || true
# The second Portside must be gone before the clean-up removes its config
# folder: closing, it still writes its preferences there (a loaded machine
# once saw "rm: cannot remove config2: Directory not empty").
for _ in $(seq 100); do kill -0 "$second_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$second_pid" 2>/dev/null || true
wait "$second_pid" 2>/dev/null || true

echo "dialogs: opened ${#opened[@]} times: $(printf '%s\n' "${opened[@]}" | sort -u | tr '\n' ' ')"
echo "dialogs: OK in $(($(date +%s) - start))s"
