# ecert — two commands for a new user: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSDEP := $(VENV)/.system-deps
HOST   ?= 127.0.0.1
PORT   ?= 8000
export ECERT_HOME ?= var

.PHONY: run test fuzz lint bench install system-deps clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(SYSDEP): scripts/system-deps.sh | $(STAMP)
	bash scripts/system-deps.sh
	touch $@

system-deps: $(SYSDEP)

run: $(STAMP) $(SYSDEP)
	@if [ ! -f "$(ECERT_HOME)/ecert.db" ]; then $(BIN)/ecert init --demo 20; else $(BIN)/ecert init; fi
	@$(BIN)/ecert issue --all --actor demo >/dev/null && $(BIN)/ecert publish --actor demo >/dev/null
	@echo ""
	@echo "  ecert 教师资格证书电子证照  →  http://$(HOST):$(PORT)/"
	@echo "    核验 verify:      http://$(HOST):$(PORT)/verify"
	@echo "    管理端 staff:     http://$(HOST):$(PORT)/login   (admin / reviewer / clerk / auditor / county / city / school1…5, password ecert-dev-2026)"
	@echo "    持证人 teachers:  http://$(HOST):$(PORT)/holder  (codes appear in this log)"
	@echo "    API docs:         http://$(HOST):$(PORT)/docs"
	@echo ""
	$(BIN)/ecert serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(SYSDEP)
	$(BIN)/pytest -n 2 -p no:cacheprovider

# Decoder fuzzers (>= 1,000,000 inputs) and Schemathesis (>= 20,000 cases) with the large budget;
# `make test` runs the same tests with a small one. Prints inputs per decoder and crashes.
FUZZ_REPORT := $(CURDIR)/.fuzz-report
fuzz: $(STAMP) $(SYSDEP)
	@rm -rf "$(FUZZ_REPORT)"
	@ECERT_FUZZ_BUDGET=large ECERT_FUZZ_REPORT="$(FUZZ_REPORT)" \
		$(BIN)/pytest tests/fuzz -n 2 -p no:cacheprovider -q; status=$$?; \
		$(BIN)/python -m tests.fuzz.summary "$(FUZZ_REPORT)" && exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy core keys scanning issuer verifier ecert

bench: $(STAMP) $(SYSDEP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .fuzz-report

# Every page at 390×844 and 1366×768 into docs/screenshots/ (+ INDEX.md: missing pages, pages
# wider than the screen, developer text), from a throwaway demo registry; no internet.
.PHONY: screenshots
screenshots: $(STAMP) $(SYSDEP)
	$(BIN)/python scripts/screenshots.py
