#!/usr/bin/env bash
# The HTML report in headless Chromium (ctest report_browser).
#
# Usage: report_browser_test.sh MIGRASIM SOURCE_DIR WORK_DIR
#
# Records a short toy-3 run and its alpha-open what-if (same seed), writes
# the report of the run and of the what-if against it, then for each page:
# a screenshot that must not be blank (png_check.py), the console log that
# must hold no error, and the DOM after loading that must hold the charts,
# the map and the tables by element id. Exit 1 on any failure.
# The screenshot is taken by tools/report_screenshot.sh, which made
# docs/report-screenshot.png.
set -euo pipefail
exe=$1 source=$2 work=$3

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "report_browser: no chromium; install it (tools/install-deps.sh installs Debian's chromium)" >&2
  exit 1
fi
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  echo "report_browser: /usr/bin/python3 cannot import PIL; install python3-pil (tools/install-deps.sh)" >&2
  exit 1
fi

rm -rf "$work" && mkdir -p "$work"
"$exe" run "$source/scenarios/toy-3" --agents 20000 --ticks 36 --seed 7 --quiet --out "$work/toy.h5" >/dev/null
"$exe" run "$source/scenarios/toy-3-alpha-open.ini" --agents 20000 --ticks 36 --seed 7 --quiet \
  --out "$work/open.h5" >/dev/null
"$exe" report "$work/toy.h5" --out "$work/toy.html"
"$exe" report "$work/open.h5" --against "$work/toy.h5" --out "$work/compare.html"

# Chromium as root needs --no-sandbox; a private profile keeps runs apart.
browse() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile" --no-first-run --disable-extensions "$@"
}

failed=0
check_page() {
  local name=$1
  shift
  local page="file://$work/$name.html"
  bash "$source/tools/report_screenshot.sh" "$work/$name.html" "$work/$name.png" 1280,2400 \
    2>"$work/$name.log" || true
  if [[ ! -s $work/$name.png ]]; then
    echo "report_browser: $name: no screenshot; chromium said:" >&2
    tail -20 "$work/$name.log" >&2
    failed=1
    return
  fi
  /usr/bin/python3 "$source/tests/cli/report/png_check.py" "$work/$name.png" || failed=1
  # Console messages are logged as ...:CONSOLE(line)] "text", source: ...;
  # a blocked load (the page's policy refuses anything from outside) too.
  if grep -E 'CONSOLE|Uncaught|Refused to|ERR_' "$work/$name.log" >&2; then
    echo "report_browser: $name: console errors (above)" >&2
    failed=1
  fi
  browse --dump-dom "$page" >"$work/$name.dom" 2>/dev/null || true
  for id in "$@"; do
    if ! grep -q "id=\"$id\"" "$work/$name.dom"; then
      echo "report_browser: $name: no element id=\"$id\" in the DOM" >&2
      failed=1
    fi
  done
  echo "report_browser: $name: $(stat -c %s "$work/$name.html") bytes, checked"
}

common=(what-ran table-what-ran table-events national chart-national-residents
  chart-national-migrants chart-national-registered chart-national-admissions
  chart-national-spending_total map map-regions table-map regions chart-region-0 table-regions
  flows chart-flows table-flows fiscal chart-spending chart-revenue table-spending)
check_page toy "${common[@]}"
check_page compare "${common[@]}" chart-delta-spending table-delta-spending chart-per-migrant \
  table-compare
exit $failed
