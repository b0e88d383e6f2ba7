# Two commands set up and use Portside on a fresh Debian 12 machine:
#   make run    installs what the build needs, then opens the app on the demo server
#   make test   installs what the tests need, then runs vet, gofmt and the whole suite
# Both keep one set of build flags so the slow cgo build of Fyne is cached once.

GO      ?= go
BIN     := bin
SITE    ?=
DIST    := dist
PREFIX  ?= $(HOME)/.local

# --version and Help → About: the version is FyneApp.toml's (embedded); the
# commit and date come in here, as this project's go env has -buildvcs=false.
# SOURCE_DATE_EPOCH, when set, makes the date reproducible. -X only changes
# the link step, so the cgo build cache stays warm.
VERSION  := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT   := $(shell git rev-parse HEAD 2>/dev/null)
MODIFIED := $(shell git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo true)
DATE     := $(shell date -u $(if $(SOURCE_DATE_EPOCH),-d @$(SOURCE_DATE_EPOCH)) +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS  := -X portside/buildinfo.commit=$(COMMIT) -X portside/buildinfo.date=$(DATE) -X portside/buildinfo.modified=$(MODIFIED)
# The window's build tags, Fyne's own (issue #12):
# - no_animations turns Fyne's animations off. The one that mattered ran
#   for good: a focused text field's blinking cursor, which redrew the whole
#   window about 8 times a second, 8 % of a core idle in software GL
#   (scripts/idle-cpu.sh). The cursor stays drawn, buttons and tabs change
#   at once.
# - no_emoji leaves out Fyne's bundled colour-emoji font: Fyne parses it
#   once per text style and keeps every copy (48 MB of a 256 MB start).
#   Glyphs Fyne's own fonts lack come from the system's fonts, as in other
#   programs; the status bar's padlock is an icon (assets/lock.svg).
# Only Fyne's internal/build and theme packages differ, so the cgo cache
# stays warm. Every go command make runs gets them (GOFLAGS), the tests
# too, so they test what ships; the build lines and the Windows script name
# them too, for those who copy a line.
TAGS     := no_animations,no_emoji
# Fyne with Portside's patch (third_party/fyne/README.md, issue #12): when
# nothing changes, the window's loop waits for an event instead of waking
# 60 times a second. scripts/fyne-patch.sh lays the patch over a copy of
# Fyne in .cache/ and prints -modfile=…: an alternate go.mod that replaces
# Fyne by the copy. go.mod stays upstream's; every go command make runs,
# the tests' too, builds with the patch.
FYNE_PATCH := $(shell ./scripts/fyne-patch.sh)
ifeq ($(FYNE_PATCH),)
$(error scripts/fyne-patch.sh failed (above); the window would be built without its patch)
endif
export GOFLAGS := $(strip $(shell $(GO) env GOFLAGS) -tags=$(TAGS) $(FYNE_PATCH))

# Fyne's packager, pinned, installed into the checkout (not ~/go/bin).
FYNE_TOOLS := v1.7.4
FYNE       := .cache/fyne-$(FYNE_TOOLS)/fyne

.PHONY: run test deps build cli vet fmt-check unit smoke bench package install uninstall \
	licenses vet-darwin package-test windows windows-test bench-ui bench-idle fyne-patch-test

run: deps build
	./$(BIN)/portside $(if $(SITE),$(SITE),--demo)

build:
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN)/portside ./cmd/portside
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/portside-cli ./cmd/portside-cli

cli:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/portside-cli ./cmd/portside-cli

deps:
	./scripts/deps.sh

test: deps vet vet-darwin fmt-check unit fyne-patch-test smoke package-test windows-test

vet:
	$(GO) vet ./...

# No Linux-only call may hide outside a build-tagged file. macOS cannot be
# built here (no SDK, so no cgo for darwin): -tags ci gives Fyne's widgets
# their cgo-free code, and cmd/portside and cmd/fyne-floor, which only wire
# up Fyne's app package (GLFW, Cocoa: cgo only), are left out; every other
# package, tests included, is checked.
vet-darwin:
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet -tags ci $$(GOOS=darwin $(GO) list -e ./... | grep -vx -e 'portside/cmd/portside' -e 'portside/cmd/fyne-floor')

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# One process for every package's tests, in the order go test picks: the
# Site Manager screenshot does not depend on the tests before it (Fyne's
# renderer-cache clock, see freshRenderCache in ui/sitemanager_markup_test.go).
unit:
	$(GO) test -race -count=1 -timeout 20m ./...

# Fyne's GLFW driver and animation tests, built with Portside's patch, and
# the patch's own (third_party/fyne), under Xvfb.
fyne-patch-test:
	./scripts/fyne-patch-test.sh

smoke: build
	./scripts/smoke-xvfb.sh
	./scripts/dialogs-xvfb.sh

# Times portside-cli against curl and lftp on vsftpd, and against OpenSSH's
# sftp and rclone on OpenSSH (loopback), alternating; prints ratios and peak
# RSS. PORTSIDE_BENCH_BYTES and _ROUNDS shrink it. TestCompareWAN does the
# same across an emulated 100 Mbit/s link (wanlab) at PORTSIDE_BENCH_RTTS.
bench: deps
	$(GO) test -run XXX -bench . -benchtime 3x ./transfer/...
	PORTSIDE_BENCH=1 $(GO) test -count=1 -timeout 90m -v -run 'TestCompareTools|TestCompareSFTP|TestCompareWAN' ./transfer/internal/benchcmp
	./scripts/bench-huge.sh

# Linux packages into dist/: the tarball Fyne's packager makes and a .deb
# with portside-cli too. The binaries are stripped (-s -w: link only).
package: $(FYNE)
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS) -s -w" -o $(BIN)/release/portside ./cmd/portside
	$(GO) build -ldflags "$(LDFLAGS) -s -w" -o $(BIN)/release/portside-cli ./cmd/portside-cli
	./scripts/package-linux.sh $(BIN)/release $(FYNE) $(DIST)

$(FYNE):
	GOBIN=$(CURDIR)/$(dir $(FYNE)) GOFLAGS=-buildvcs=false $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS)

# Unpacks the .deb into a throwaway root and checks what a user gets:
# the .desktop file, its icon, the dependencies, both binaries' --version.
package-test: package
	./scripts/test-package.sh $(DIST)/portside_$(VERSION)_amd64.deb

# For one user, without root: ~/.local/bin, the menu entry and the icon.
install: package
	./scripts/install-local.sh install $(BIN)/release/deb-root $(PREFIX)

uninstall:
	./scripts/install-local.sh uninstall - $(PREFIX)

# After a go.mod change: the licences Help → About shows.
licenses:
	$(GO) run ./buildinfo/genlicenses -o buildinfo/licenses.json

# Windows: portside.exe (cgo with MinGW-w64) and portside-cli.exe, zipped
# as dist/portside-VERSION-windows-amd64.zip.
windows:
	./scripts/package-windows.sh $(BIN)/windows $(DIST) "$(LDFLAGS)" "$(TAGS)"

# The Windows build under Wine (skipped, saying so, where Wine is missing):
# the non-GUI packages' tests, portside-cli.exe against vsftpd, and
# portside.exe's window under Xvfb.
windows-test: windows
	./scripts/test-windows.sh $(BIN)/windows $(DIST)/portside-$(VERSION)-windows-amd64.zip

# The window's memory and speed at scale (issue #12) under Xvfb, against
# FileZilla: BENCH_UI_ROUNDS (3), BENCH_UI_FILES (20000). Also the models'
# benchmarks at 200,000 entries and queue items.
bench-ui: deps build
	$(GO) build -tags "$(TAGS)" -o $(BIN)/fyne-floor ./cmd/fyne-floor
	$(GO) build -o $(BIN)/bench-ftpd ./cmd/bench-ftpd
	$(GO) test -run XXX -bench Scale -benchmem -benchtime 3x ./ui/
	./scripts/bench-ui.sh

# Idle CPU (issue #12): the bare Fyne window, Portside connected, with its
# frame probe and without, and with a text field focused; per thread, with
# wakeups a second and the X server's CPU. IDLE_ROUNDS (3), IDLE_S (20).
bench-idle: build
	$(GO) build -tags "$(TAGS)" -o $(BIN)/fyne-floor ./cmd/fyne-floor
	./scripts/idle-cpu.sh
