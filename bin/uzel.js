#!/usr/bin/env node
// The `uzel` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
);
