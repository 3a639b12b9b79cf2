# ssmkit: `make demo` runs the tools on the bundled sandbox scenario; `make test` is what CI runs.
GO       ?= go
BIN      := bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/ssmkit/ssmkit/internal/version.Version=$(VERSION)
TOOLS    := ssm-profiles ssm-whoami ssm-canconnect ssm-readiness
FUZZTIME ?= 5s

.PHONY: all build test lint unit fuzz bench demo tools iamdiff clean

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

test: tools lint fuzz unit

bench: build
	bash scripts/bench.sh

demo: build
	bash scripts/demo.sh

# Optional: the policy evaluator against @cloud-copilot/iam-simulate (README, Development).
IAMSIM_DIR ?= /tmp/iamsim
iamdiff:
	$(GO) run ./scripts/iamdiff -iamsim $(IAMSIM_DIR) -n 50000 -seed 1

clean:
	rm -rf $(BIN) .bench
