#!/bin/sh
# Set up jingwen in .venv/ of this checkout, with the Debian fonts and tools it uses.
#   scripts/setup.sh          the tool (Noto Serif/Sans CJK, the CJK TrueType fallbacks and a proportional
#                             Latin face for PDF/DOCX export)
#   scripts/setup.sh --test   plus the test tools (LibreOffice, epubcheck, poppler, Chromium, axe-core
#                             from npm into .venv/npm) and the OCR extra; tesseract (chi_sim) for the OCR
#                             comparison in bench/ocr.py
set -eu
cd "$(dirname "$0")/.."

packages="fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei fonts-dejavu-core fontconfig"
extra=""
if [ "${1:-}" = "--test" ]; then
    packages="$packages libreoffice-writer-nogui epubcheck default-jre-headless poppler-utils chromium"
    packages="$packages tesseract-ocr tesseract-ocr-chi-sim"
    command -v npm >/dev/null || packages="$packages npm"  # a node.js from elsewhere brings its own npm
    extra="[test,ocr]"
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
        echo "setup: please install these Debian packages:$missing" >&2; exit 1; fi
    echo "setup: installing$missing" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# LibreOffice on Linux finds the Windows fonts a DOCX names (FangSong, PMingLiU...) through fontconfig,
# which knows only SimSun: map them to the free faces of the same kind (a Song face for 仿宋, not sans)
conf="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
if ! cmp -s scripts/fontconfig/60-jingwen-chinese-names.conf "$conf/60-jingwen-chinese-names.conf"; then
    mkdir -p "$conf" && cp scripts/fontconfig/60-jingwen-chinese-names.conf "$conf/"
    command -v fc-cache >/dev/null && fc-cache >/dev/null 2>&1 || true
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".$extra"
if [ "${1:-}" = "--test" ] && [ ! -f .venv/npm/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix .venv/npm axe-core@4 >/dev/null
fi
