# Consort: thin wrapper over CMake. `make run` and `make check` are the
# contract with a new user on a fresh Debian 12 machine.

BUILD      ?= build
BUILD_ASAN ?= build-asan
CONF       ?= conf/consortd.conf
JOBS       ?= $(shell nproc)

# Debian packages the build and the tests need.
BUILD_PKGS := build-essential cmake pkg-config libre-dev libsrtp2-dev \
	libopus-dev libavcodec-dev libavformat-dev libavutil-dev \
	libswresample-dev \
	libcriterion-dev
TEST_PKGS  := baresip-core sip-tester sox python3 iproute2 util-linux procps \
	chromium
# Node.js for the browser test: Debian's nodejs + npm, unless a node with
# npm is already there (a NodeSource nodejs conflicts with Debian's npm).
NODE_PKGS  := nodejs npm

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-test build build-asan run check check-unit \
	check-asan check-e2e clean bench

all: build

# Install only what is missing; apt-get runs as root (or via sudo).
deps:
	@scripts/install-deps.sh $(BUILD_PKGS)

deps-test:
	@scripts/install-deps.sh $(BUILD_PKGS) $(TEST_PKGS)
	@command -v npm >/dev/null 2>&1 || scripts/install-deps.sh $(NODE_PKGS)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCONSORT_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug \
		-DCONSORT_WERROR=ON -DCONSORT_SANITIZE=ON
	cmake --build $(BUILD_ASAN) -j $(JOBS)

run: build
	@echo "consortd: starting on $(CONF); Ctrl-C to stop"
	$(BUILD)/daemon/consortd -f $(CONF)

check-unit: build
	cd $(BUILD) && ctest --output-on-failure

check-asan: deps-test build-asan
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure
	CONSORTD=$(CURDIR)/$(BUILD_ASAN)/daemon/consortd SANITIZED=1 \
		E2E_OUT=$(CURDIR)/tests/e2e/out/asan tests/e2e/run_all.sh

check-e2e: deps-test build
	CONSORTD=$(CURDIR)/$(BUILD)/daemon/consortd tests/e2e/run_all.sh

check: deps-test check-unit check-e2e check-asan
	@echo "make check: all passed"

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)

# Capacity benchmark (consortd vs Janus AudioBridge, rooms of 30):
# prints the table and writes bench/results/. Needs root or sudo for the
# packages it installs (janus, gnuplot); about 10-15 minutes.
bench: build
	BUILD=$(BUILD) bench/run.sh
