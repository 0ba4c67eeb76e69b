# Two-command quick start: `make run` and `make check`.
BUILD_DIR ?= _build
FUZZ_DIR ?= _build-fuzz
PACKAGES := $(shell sed -e 's/\#.*//' debian-packages.txt)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LOCALE := de_DE.UTF-8
# When the shared Alpaca definitions sit beside the clone, a test checks the member tables against them.
SPEC_DIR := $(wildcard $(CURDIR)/../shared/alpaca-spec)
MESON_OPTS := $(if $(SPEC_DIR),-Dalpaca_spec_dir=$(SPEC_DIR))

.PHONY: all setup deps locale build run check fuzz bench clean

all: build

deps:
	@missing=$$(dpkg-query -W -f='$${db:Status-Status} $${Package}\n' $(PACKAGES) 2>/dev/null \
	  | awk '$$1 == "installed" { print $$2 }' | sort > .installed-pkgs; \
	  printf '%s\n' $(PACKAGES) | sort | comm -23 - .installed-pkgs; rm -f .installed-pkgs); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

# The locale tests need a comma-decimal locale.
locale: deps
	@if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$$'; then \
	  echo "Generating the $(LOCALE) locale for the locale tests"; \
	  $(SUDO) sed -i 's/^# *\($(LOCALE) UTF-8\)/\1/' /etc/locale.gen; \
	  grep -q '^$(LOCALE) UTF-8' /etc/locale.gen || echo '$(LOCALE) UTF-8' | $(SUDO) tee -a /etc/locale.gen >/dev/null; \
	  $(SUDO) locale-gen; \
	fi

$(BUILD_DIR)/build.ninja:
	meson setup $(BUILD_DIR) $(MESON_OPTS)

$(FUZZ_DIR)/build.ninja:
	CC=clang CXX=clang++ meson setup $(FUZZ_DIR) -Dfuzzing=true -Dtests=false

setup: deps $(BUILD_DIR)/build.ninja

build: setup
	meson compile -C $(BUILD_DIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILD_DIR)/data $(BUILD_DIR)/src/cria --simulator

# A short libFuzzer smoke run of the decoders, in an instrumented clang build.
fuzz: deps $(FUZZ_DIR)/build.ninja
	meson compile -C $(FUZZ_DIR) fuzz-response fuzz-imagebytes
	meson test -C $(FUZZ_DIR) --no-rebuild --suite fuzz --print-errorlogs

check: locale build
	meson test -C $(BUILD_DIR) --print-errorlogs
	$(MAKE) fuzz

bench: build
	meson test -C $(BUILD_DIR) --benchmark --verbose

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR)
