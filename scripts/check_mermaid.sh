#!/usr/bin/env bash
# Checks the mermaid blocks vggscope writes with mermaid's own parser, offline after one download:
# the wheel of mermaid-parser-py (PyPI) carries a node bundle of mermaid 11's parser. Needs node and pip.
# Usage: scripts/check_mermaid.sh [FILE.md...]   (default: fresh exports of several presets and a comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "check_mermaid.sh: node not found; apt-get install nodejs" >&2; exit 1; }
cache=.build/mermaid-parser
bundle="$cache/mermaid_parser/js/parser.bundle.js"
if [ ! -f "$bundle" ]; then
    mkdir -p "$cache"
    python3 -m pip download --no-deps -q mermaid-parser-py==0.0.4 -d "$cache"
    python3 -m zipfile -e "$cache"/mermaid_parser_py-0.0.4-py3-none-any.whl "$cache"
fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    swift build --product vggscope >/dev/null
    bin="$(swift build --show-bin-path)/vggscope"
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
    "$bin" export vgg11 --compare -o "$out/vgg11.md" >/dev/null
    "$bin" export d2l-vgg11 -o "$out/d2l-vgg11.md" >/dev/null
    "$bin" export vgg19_bn -o "$out/vgg19_bn.md" >/dev/null
    "$bin" export vgg11 --blocks 6x64,6x128,6x256,6x512 --batch-norm -o "$out/deep.md" >/dev/null
    "$bin" compare --format markdown > "$out/compare.md"
    files=("$out"/*.md)
fi
node scripts/check_mermaid.js "$PWD/$bundle" "${files[@]}"
