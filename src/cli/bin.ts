#!/usr/bin/env node
// Executable entry: run the CLI and exit with its code.
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  // By now every command has ended and every undo has run (main awaits them), and stdout/stderr writes are
  // synchronous on Linux: exiting at once skips Node's environment teardown, ~15–20 ms of every run here.
  process.exit(code);
});
