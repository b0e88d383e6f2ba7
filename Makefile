# Two commands set up and use Portside on a fresh Debian 12 machine:
#   make run    installs what the build needs, then opens the app on the demo server
#   make test   installs what the tests need, then runs vet, gofmt and the whole suite
# Both keep one set of build flags so the slow cgo build of Fyne is cached once.

GO      ?= go
BIN     := bin
SITE    ?=

.PHONY: run test deps build cli vet fmt-check unit smoke bench

run: deps build
	./$(BIN)/portside $(if $(SITE),$(SITE),--demo)

build:
	$(GO) build -o $(BIN)/portside ./cmd/portside
	$(GO) build -o $(BIN)/portside-cli ./cmd/portside-cli

cli:
	$(GO) build -o $(BIN)/portside-cli ./cmd/portside-cli

deps:
	./scripts/deps.sh

test: deps vet fmt-check unit smoke

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 -timeout 20m ./...

smoke: build
	./scripts/smoke-xvfb.sh

# Times portside-cli against curl and lftp on vsftpd, and against OpenSSH's
# sftp and rclone on OpenSSH (loopback), alternating; prints ratios and peak
# RSS. PORTSIDE_BENCH_BYTES and _ROUNDS shrink it. TestCompareWAN does the
# same across an emulated 100 Mbit/s link (wanlab) at PORTSIDE_BENCH_RTTS.
bench: deps
	$(GO) test -run XXX -bench . -benchtime 3x ./transfer/...
	PORTSIDE_BENCH=1 $(GO) test -count=1 -timeout 90m -v -run 'TestCompareTools|TestCompareSFTP|TestCompareWAN' ./transfer/internal/benchcmp
