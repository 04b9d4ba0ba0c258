// Parses every ```mermaid block of the given markdown files with mermaid's own parser (the bundle
// shipped in the PyPI package mermaid-parser-py: mermaid 11 with DOMPurify patched out, runs on node).
// Usage: node check_mermaid.js BUNDLE FILE.md...
const parse = require(process.argv[2]);
const fs = require('fs');
(async () => {
  let ok = 0, bad = 0;
  for (const file of process.argv.slice(3)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
      try {
        const r = JSON.parse(await parse(m[1]));
        ok++;
        console.log(`${file}: ${r.graph_type} ok`);
      } catch (e) {
        bad++;
        console.log(`${file}: FAIL ${String(e).split('\n').slice(0, 4).join(' | ')}`);
      }
    }
  }
  console.log(`${ok} passed, ${bad} failed`);
  process.exit(bad ? 1 : 0);
})();
