#!/usr/bin/env bash
# Longer seeded fuzz runs of the preset, safetensors and .npy parsers than `swift test` does.
# Usage: scripts/fuzz_parsers.sh [ITERATIONS=200000] [SEED=random]   (the seed is printed, to replay a failure)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-200000}"
seed="${2:-$RANDOM$RANDOM}"
echo "fuzzing parsers: $iterations iterations, seed $seed"
VGGSCOPE_FUZZ_ITERATIONS="$iterations" VGGSCOPE_FUZZ_SEED="$seed" \
    swift test --filter 'PresetFuzzTests|ParserFuzzTests'
