#!/usr/bin/env node
// The `uzel` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
// V8 is told to favour size before anything loads: a CLI run is short, or a long export whose
// memory is mostly answers in flight and their garbage. The flag steers the collector's
// heuristics only (it collects sooner, grows the heap less): a 250,000-row export to a file
// peaks near 98 MB instead of 134 MB at the same speed (bench/cli-export.ts).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--optimize-for-size');
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
);
