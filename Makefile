# Tandem — the two commands of the README:
#   make report   installs what is missing, builds, and reviews the example company into Reports/
#   make test     installs what is missing and runs every test
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
EXAMPLE := Examples/Brightwell
PYTHON ?= python3

# The records benchmark's sizes and rounds (a comma inside $(or …) would split its arguments).
RECORD_SIZES ?= 1M,10M
RECORD_ROUNDS ?= 3

.PHONY: deps pydeps sqldeps printdeps browserdeps screenshots build report example-records test docs bench lint clean fuzz

# libxlsxwriter (Debian libxlsxwriter-dev, Homebrew libxlsxwriter) and pkg-config.
deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists xlsxwriter; then exit 0; fi; \
	if [ "$$(uname)" = Darwin ]; then echo "Please run: brew install libxlsxwriter pkg-config" >&2; exit 1; fi; \
	echo "Installing libxlsxwriter-dev and pkg-config…"; \
	$(SUDO) apt-get update && $(SUDO) apt-get install -y libxlsxwriter-dev pkg-config

# openpyxl and pandas read the outputs back in `make test`, as finance would.
pydeps:
	@$(PYTHON) -c "import openpyxl, pandas" 2>/dev/null || $(PYTHON) -m pip install --quiet openpyxl pandas

# `tandem sql`'s check runs the DuckDB query in DuckDB, the Postgres one in a throw-away PostgreSQL
# cluster (Debian's postgresql; where it cannot be installed or started the check says it is
# skipped) and parses the BigQuery and Snowflake ones with sqlglot.
sqldeps:
	@$(PYTHON) -c "import duckdb, sqlglot, yaml" 2>/dev/null || $(PYTHON) -m pip install --quiet duckdb sqlglot pyyaml
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(uname)" = Darwin ]; then echo "PostgreSQL missing: the Postgres check will be skipped" >&2; exit 0; fi; \
	echo "Installing postgresql…"; \
	{ $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; } \
		|| echo "could not install PostgreSQL: the Postgres check will be skipped" >&2

# The generated records `make test` derives in SQL and natively (the benchmark's generator).
SQL_LEADS ?= 1000000

# LibreOffice headless and poppler print the example workbook in `make test`, as a manager would.
# Where they cannot be installed the print check says it is skipped.
printdeps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(uname)" = Darwin ]; then echo "LibreOffice or poppler missing: the print check will be skipped" >&2; exit 0; fi; \
	echo "Installing libreoffice-calc-nogui and poppler-utils…"; \
	{ $(SUDO) apt-get update && $(SUDO) apt-get install -y libreoffice-calc-nogui poppler-utils; } \
		|| echo "could not install LibreOffice: the print check will be skipped" >&2

# Chromium headless opens the HTML report in `make test`, at a desktop mail client's 600 px and a
# phone's 320 px. Where it cannot be installed the HTML check says it is skipped.
browserdeps:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| command -v google-chrome >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(uname)" = Darwin ]; then echo "Chromium missing: the HTML check will be skipped" >&2; exit 0; fi; \
	echo "Installing chromium…"; \
	{ $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; } \
		|| echo "could not install Chromium: the HTML check will be skipped" >&2

build: deps
	$(SWIFT) build

# Every format: the mail-ready HTML and the .eml too (its addresses from the plan's mail: section;
# the records gallery gives them on the command line).
FORMATS := xlsx,txt,md,json,csv,html,eml
RECORDS_MAIL := --mail-from 'Brightwell RevOps <revops@brightwell.example>' \
	--mail-to 'Marketing leads <marketing-leads@brightwell.example>' --mail-to 'sales-leads@brightwell.example'

# Every month as the meetings saw it: July–October from the exports taken in October, then
# November from today's exports (which restate one October number), following up on October.
report: deps
	$(SWIFT) build --product tandem
	$$($(SWIFT) build --show-bin-path)/tandem review $(EXAMPLE)/plan.yaml --actuals $(EXAMPLE)/exports/2026-10 \
		--period 2026-10 --every-period --out Reports --format $(FORMATS)
	$$($(SWIFT) build --show-bin-path)/tandem review $(EXAMPLE)/plan.yaml --actuals $(EXAMPLE)/actuals --out Reports \
		--format $(FORMATS)
	$$($(SWIFT) build --show-bin-path)/tandem review $(EXAMPLE)/records/plan.yaml --records $(EXAMPLE)/records \
		--actuals $(EXAMPLE)/records/actuals --every-period --out Reports/records --format $(FORMATS) $(RECORDS_MAIL)

# November's HTML report as Chromium shows it at 600 px and at 320 px, kept beside it in Reports/
# (screenshot-2026-11-600px.png, …-320px.png). A target of its own: the pictures come from the
# browser, whose pixels change with its version and fonts, so `make report` stays byte-reproducible.
screenshots: browserdeps report
	$(PYTHON) Tests/consumers/check_html.py --screenshots Reports Reports/tandem-2026-11.html

# Regenerates the example's CRM records (deterministic: the same bytes every run).
example-records:
	$(PYTHON) $(EXAMPLE)/records/generate.py

# Warnings are errors in the test build (on the command line only: never unsafeFlags in Package.swift).
STRICT := -Xswiftc -warnings-as-errors

test: deps pydeps sqldeps printdeps browserdeps lint docs
	$(SWIFT) build --build-tests $(STRICT)
	$(SWIFT) test $(STRICT)
	Tests/probe/probe.sh $$($(SWIFT) build --show-bin-path)/tandem --fast
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	$$($(SWIFT) build --show-bin-path)/tandem review $(EXAMPLE)/plan.yaml --actuals $(EXAMPLE)/actuals \
		--out "$$out" --format $(FORMATS) > /dev/null && \
	$(PYTHON) Tests/consumers/check_outputs.py "$$out" 2026-11 $(EXAMPLE)/actuals/*.csv && \
	$(PYTHON) Tests/consumers/check_mail.py "$$out/tandem-2026-11.eml" "$$out/tandem-2026-11.txt" \
		"$$out/tandem-2026-11.html" "$$out/tandem-2026-11.xlsx" && \
	$(PYTHON) Tests/consumers/check_html.py "$$out" "$$out/tandem-2026-11.html" && \
	$(PYTHON) Tests/consumers/check_print.py "$$out/tandem-2026-11.xlsx"
	$(PYTHON) Tests/consumers/check_sql.py $$($(SWIFT) build --show-bin-path)/tandem \
		$$($(SWIFT) build --show-bin-path)/tandem-bench $(SQL_LEADS)

# Benchmarks in release mode: the phase table, the libxlsxwriter ratio, BENCH.json.
bench: deps
	@[ -x /usr/bin/time ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y time; }
	$(SWIFT) build -c release --product tandem
	$(SWIFT) build -c release --product tandem-bench
	mkdir -p .build/bench
	cc -O2 -o .build/bench/data_sheet Benchmarks/c/data_sheet.c $$(pkg-config --cflags --libs xlsxwriter)
	bin=$$($(SWIFT) build -c release --show-bin-path); \
	$$bin/tandem-bench run --tandem $$bin/tandem --c .build/bench/data_sheet --data .build/bench-data \
		--json .build/bench/BENCH.json --rounds 5 $(if $(SIZES),--sizes $(SIZES),)
	@$(PYTHON) -c "import duckdb, pandas" 2>/dev/null || $(PYTHON) -m pip install --quiet duckdb pandas
	bin=$$($(SWIFT) build -c release --show-bin-path); \
	$$bin/tandem-bench records --data .build/bench-data --tandem $$bin/tandem \
		--rounds $(RECORD_ROUNDS) --sizes $(RECORD_SIZES)
	@bin=$$($(SWIFT) build -c release --show-bin-path); \
	for size in $$(echo $(RECORD_SIZES) | tr , ' '); do \
		dir=.build/bench-data/records-$$size; \
		$$bin/tandem sql $$dir/plan.yaml --period 2026-12 > .build/bench/records-$$size.sql || exit 1; \
		echo "tandem sql in DuckDB, records-$$size: $$($(PYTHON) Benchmarks/peers/records_sql.py $$dir .build/bench/records-$$size.sql)"; \
	done
	$$($(SWIFT) build -c release --show-bin-path)/tandem-bench movement --data .build/bench-data --deals 1M

# DocC for both libraries without a warning, and no public declaration without documentation.
docs:
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	$(SWIFT) package generate-documentation --target Tandem --target TandemXLSX > "$$log" 2>&1 \
		|| { cat "$$log"; exit 1; }; \
	if grep -E "warning:|error:" "$$log"; then echo "docs: DocC reported the problems above" >&2; exit 1; fi
	$(SWIFT) build --build-tests $(STRICT) > /dev/null
	$(SWIFT) package dump-symbol-graph --minimum-access-level public > /dev/null
	$(PYTHON) Tests/docs/undocumented.py "$$(dirname "$$($(SWIFT) build --show-bin-path)")/symbolgraph"

# libFuzzer over the plan loader, the CSV and JSON readers, the formula and number parsers and the
# decision log (loading and `tandem decide`'s append), 60 s each
# (FUZZ_SECONDS). Tests/Fuzz is a package of its own, so the library's build never sees libFuzzer.
# New inputs go to .build/fuzz/corpus; crashes to .build/fuzz/crashes: copy each into
# Tests/Fuzz/corpus/<target>/ once fixed, and `make test` replays it for good. Leak detection is off
# (libFuzzer's per input, LeakSanitizer's at exit): Swift keeps an indirect enum's payload pointer
# with tag bits, which LeakSanitizer cannot follow, so the fuzz plan a static holds (its formula) is
# reported as leaked on every run. Swift's own backtracer is off too: libFuzzer reports a crash
# itself, and the backtracer, waiting on a symbolizer, once held a crashed run for 13 minutes.
FUZZ_SECONDS ?= 60
fuzz:
	$(SWIFT) build --package-path Tests/Fuzz --scratch-path .build/fuzz -c release \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	@status=0; for t in plan csv json formula number decisions records; do \
		mkdir -p .build/fuzz/corpus/$$t .build/fuzz/crashes; \
		echo "fuzz $$t ($(FUZZ_SECONDS) s)"; \
		TANDEM_FUZZ_TARGET=$$t ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no .build/fuzz/release/tandem-fuzz -max_total_time=$(FUZZ_SECONDS) \
			-max_len=4096 -detect_leaks=0 \
			-artifact_prefix=.build/fuzz/crashes/$$t- .build/fuzz/corpus/$$t Tests/Fuzz/corpus/$$t \
			2>&1 | grep -E '^(Done|==|SUMMARY)|Fatal|crash' || true; \
	done; \
	if ls .build/fuzz/crashes/* >/dev/null 2>&1; then echo "crashes:"; ls .build/fuzz/crashes; status=1; fi; exit $$status

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Examples Benchmarks Package.swift

clean:
	rm -rf .build
