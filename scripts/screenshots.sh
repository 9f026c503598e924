#!/usr/bin/env bash
# Makes the dashboard's screenshots in docs/images/ (the README shows them):
# the overview on a desktop in English and on a phone (375 px) in Chinese,
# over a month of checks laid down as the playground lays them. Needs
# Debian's chromium on PATH (apt-get install chromium) and, for the Chinese
# page, a CJK font (apt-get install fonts-wqy-microhei).
#
#   bash scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p docs/images
CAMPAIGNWATCH_SCREENSHOTS="$PWD/docs/images" go test -count=1 -run '^TestScreenshots$' ./internal/dashboard/
ls -l docs/images/dashboard-*.png
