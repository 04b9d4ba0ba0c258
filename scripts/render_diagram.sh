#!/usr/bin/env bash
# Renders the example diagrams kept in docs/: VGG-16 by layer (light) and by block (dark), as SVG
# and as PNG (rsvg-convert, Debian package librsvg2-bin). Run from anywhere: scripts/render_diagram.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "render_diagram.sh: rsvg-convert not found; apt-get install librsvg2-bin" >&2; exit 1; }
swift build --product vggscope >/dev/null
bin="$(swift build --show-bin-path)/vggscope"
mkdir -p docs
"$bin" diagram vgg16 -o docs/vgg16-diagram.svg
"$bin" diagram vgg16 --by block --theme dark -o docs/vgg16-diagram-block-dark.svg
for svg in docs/vgg16-diagram.svg docs/vgg16-diagram-block-dark.svg; do
    rsvg-convert "$svg" -o "${svg%.svg}.png"
    echo "wrote ${svg%.svg}.png"
done
