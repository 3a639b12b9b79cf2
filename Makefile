# ssmkit: `make demo` runs the tools on the bundled sandbox scenario; `make test` is what CI runs.
GO       ?= go
BIN      := bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/ssmkit/ssmkit/internal/version.Version=$(VERSION)
TOOLS    := ssm-profiles ssm-whoami ssm-canconnect ssm-readiness
FUZZTIME ?= 5s

.PHONY: all build test lint unit fuzz bench demo tools iamdiff clean cross cross-test man release-snapshot release-check

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/ $(addprefix ./cmd/,$(TOOLS))

tools:
	@bash scripts/ensure-tools.sh

lint:
	@out=$$(gofmt -s -l $$(git ls-files '*.go') ); if [ -n "$$out" ]; then echo "gofmt -s needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@bak=$$(mktemp -d); cp go.mod go.sum "$$bak"/; $(GO) mod tidy; \
	  if ! git diff --quiet -- go.mod go.sum; then echo "go mod tidy changed go.mod/go.sum: commit the tidy result"; git --no-pager diff -- go.mod go.sum | head -20; \
	  cp "$$bak"/go.mod "$$bak"/go.sum .; rm -rf "$$bak"; exit 1; fi; rm -rf "$$bak"

unit:
	$(GO) test -race -count=1 -timeout 60m ./...

fuzz:
	@FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

test: tools lint cross-test release-check fuzz unit

bench: build
	bash scripts/bench.sh

demo: build
	bash scripts/demo.sh

# Optional: the policy evaluator against @cloud-copilot/iam-simulate (README, Development).
IAMSIM_DIR ?= /tmp/iamsim
iamdiff:
	$(GO) run ./scripts/iamdiff -iamsim $(IAMSIM_DIR) -n 50000 -seed 1

# Release (README, Install): every binary must build for the other platforms
# the archives ship (CGO off, as .goreleaser.yaml builds them); vet type-checks
# the packages with GOOS-specific files, their tests included, once per OS (the
# sandbox and the benchmarks are Linux-only test tooling).
CROSS     := windows/amd64 windows/arm64 darwin/amd64 darwin/arm64
# make test builds one architecture per OS: a GOOS break shows there, and the
# four cold cross builds would double CI's time on two cores.
CROSS_TEST := windows/amd64 darwin/arm64
CROSS_VET := ./internal/preflight/ ./internal/output/ ./internal/runas/ ./internal/awsconfig/paths/
cross:
	@for p in $(CROSS); do echo "cross: $$p"; \
	  GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) build $(addprefix ./cmd/,$(TOOLS)) || exit 1; done
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet $(CROSS_VET)
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $(CROSS_VET)

cross-test:
	@$(MAKE) --no-print-directory cross CROSS="$(CROSS_TEST)"

# Man pages, one per tool, from the definitions --help prints: MANPATH=bin/man man ssm-whoami
man: build
	@mkdir -p $(BIN)/man/man1
	@for t in $(TOOLS); do $(BIN)/$$t man > $(BIN)/man/man1/$$t.1; done
	@echo "man pages in $(BIN)/man/man1 (MANPATH=$(BIN)/man man ssm-whoami)"

# GoReleaser: installed into .tools/ from the Go module proxy for this target
# only, unless one is on PATH. A snapshot never publishes; archives in dist/.
GORELEASER_VERSION := v2.17.0
GORELEASER ?= $(or $(shell command -v goreleaser 2>/dev/null),$(CURDIR)/.tools/goreleaser)
release-snapshot:
	@[ -x "$(GORELEASER)" ] || { echo "installing goreleaser $(GORELEASER_VERSION) into .tools/"; \
	  GOBIN=$(CURDIR)/.tools $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION); }
	$(GORELEASER) release --snapshot --clean

# Checks .goreleaser.yaml where goreleaser is installed (make release-snapshot does).
release-check:
	@if [ -x "$(GORELEASER)" ]; then $(GORELEASER) check; \
	  else echo "release-check: goreleaser not installed (make release-snapshot installs it): .goreleaser.yaml not checked"; fi

clean:
	rm -rf $(BIN) .bench dist .release
