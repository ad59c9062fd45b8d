#!/usr/bin/env bash
# A screenshot of an HTML report (or any page) in headless Chromium, as the
# report_browser test takes it; docs/report-screenshot.png was made with it.
#
# Usage: bash tools/report_screenshot.sh PAGE.html OUT.png [WIDTH,HEIGHT]
#   WIDTH,HEIGHT  the browser window in pixels (default 1280,2400); the
#                 screenshot is the window, from the top of the page.
# Chromium's log (console messages included) goes to stderr. Runs as root
# too (--no-sandbox); a throw-away profile keeps runs apart.
set -euo pipefail
page=$1 out=$2 size=${3:-1280,2400}
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || { echo "report_screenshot: no chromium (tools/install-deps.sh installs it)" >&2; exit 1; }
[[ -f $page ]] || { echo "report_screenshot: $page: no such file" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --disable-extensions \
  --enable-logging=stderr --v=0 --window-size="$size" \
  --screenshot="$(realpath -m "$out")" "file://$(realpath "$page")" >/dev/null
[[ -s $out ]] || { echo "report_screenshot: chromium wrote no $out" >&2; exit 1; }
