# MedRCVL developer commands. `make demo` = the reference diagnostic, `make test` = the test suite.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
DATA ?= ../shared/data
OUT ?= out

.PHONY: setup demo test typecheck test-matrix test-exchange lint i18n zip clean bench screenshots

setup:
	bash scripts/setup.sh

demo: setup
	$(PY) -m medrcvl_plugin diagnose --epci 200043081 --mirror $(DATA) --out $(OUT) --atlas --export csv,xlsx,standard,quality --overwrite

# flake8-qgis rules run on the plugin (tests/unit/test_qt6_compat.py reads this line): QGS1xx (QGIS imports,
# exec_, processing) and QGS4xx (Qt6). Not QGS105 (the plugin passes iface explicitly so that tests give a
# stub), nor QGS402 (its QMetaType advice breaks 3.22: compat.FIELD_TYPES, checked by scripts/check_qt6.py),
# nor the experimental QGS2xx.
QGS_RULES := --select=QGS1,QGS4 --extend-ignore=QGS105,QGS402

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m flake8 --isolated $(QGS_RULES) __init__.py medrcvl_plugin
	$(PY) -m mypy
	$(PY) -m pytest

typecheck: setup
	$(PY) -m mypy

# The QGIS version matrix (needs root): the whole suite and the demo in Debian chroots of QGIS 3.40 (trixie)
# and 3.44 (sid), built once by scripts/qgis_matrix.sh under /var/cache/medrcvl-matrix; then GeoPackages
# written by each QGIS opened by the other (test-exchange).
MATRIX_SUITES ?= trixie sid
test-matrix:
	@failed=""; for suite in $(MATRIX_SUITES); do \
	  bash scripts/qgis_matrix.sh $$suite make -k test demo || failed="$$failed $$suite"; done; \
	  $(MAKE) test-exchange MATRIX_SUITES="$(MATRIX_SUITES)" || failed="$$failed exchange"; \
	  if [ -n "$$failed" ]; then echo "test-matrix: failed:$$failed"; exit 1; fi; echo "test-matrix: all passed"

test-exchange: setup
	@for suite in $(MATRIX_SUITES); do bash scripts/gpkg_exchange.sh $$suite || exit 1; done

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m flake8 --isolated $(QGS_RULES) __init__.py medrcvl_plugin

i18n:
	$(PY) scripts/i18n.py update

zip: setup
	bash scripts/build_zip.sh

bench: setup
	$(PY) benchmarks/bench_france.py
	$(PY) benchmarks/bench_latency.py
	$(PY) benchmarks/bench_atlas.py
	$(PY) benchmarks/bench_library.py
	$(PY) benchmarks/bench_before_after.py

screenshots: setup
	$(PY) scripts/screenshots.py --mirror $(DATA) --run --locale fr
	$(PY) tests/desktop/harness.py

clean:
	rm -rf $(OUT) zip_build
