# Degu Conformance Kit: one target per activity.  `make test` is what CI runs.
SHELL := /bin/bash

# Debian's interpreter carries python3-pytest and python3-jsonschema; another
# python3 earlier on PATH may not.
PYTHON ?= /usr/bin/python3
JOBS ?= $(shell nproc)
BUILD ?= build
BUILD_ASAN ?= build-asan

CMAKE_COMMON = -DPython3_EXECUTABLE=$(PYTHON)

.PHONY: test conform deps build build-asan test-gcc test-asan interop tables \
	check-tables clean

## test: install what is missing, build with g++ and with clang+ASan+UBSan,
## run every test in both, then the suites against the original Degu (which
## skip, saying why, when DEGU_PYTHONPATH is unset); end with one summary line.
test: deps
	@$(MAKE) --no-print-directory test-gcc test-asan interop
	@$(PYTHON) tools/test_summary.py $(BUILD)/ctest.log $(BUILD_ASAN)/ctest.log \
	  $(BUILD)/interop.log

## conform: the kit's main job: degu-conform against the reference's parser,
## server and client on every transport (and the original's server and client
## with DEGU_PYTHONPATH); reports and the HTML matrix in $(BUILD)/conform/.
conform: deps build
	@$(PYTHON) tools/conform.py $(BUILD) $(BUILD)/conform

deps:
	@tools/install_deps.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=g++ $(CMAKE_COMMON)
	cmake --build $(BUILD) -j $(JOBS)

build-asan:
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_COMPILER=clang++ -DDEGU_SANITIZE=ON -DDEGU_FUZZ=ON $(CMAKE_COMMON)
	cmake --build $(BUILD_ASAN) -j $(JOBS)

test-gcc: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) 2>&1 | tee ctest.log; \
	  exit $${PIPESTATUS[0]}

test-asan: build-asan
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS) 2>&1 | tee ctest.log; \
	  exit $${PIPESTATUS[0]}

## interop: pytest suites comparing with the original Degu (DEGU_PYTHONPATH).
interop: build
	DEGU_PARSE=$(CURDIR)/$(BUILD)/reference/cli/degu-parse \
	  $(PYTHON) -m pytest -q -rs -p no:cacheprovider interop 2>&1 | tee $(BUILD)/interop.log; \
	  status=$${PIPESTATUS[0]}; \
	  if [ $$status -eq 5 ]; then status=0; fi; \
	  exit $$status  # 5: every module skipped itself (no original to compare with).

## tables: regenerate the byte-class and error tables from tools/gen_tables.py.
tables:
	$(PYTHON) tools/gen_tables.py

check-tables:
	$(PYTHON) tools/gen_tables.py --check

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
