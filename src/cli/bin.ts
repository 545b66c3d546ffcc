#!/usr/bin/env node
// Executable entry: run the CLI and exit with its code.
import { main } from './main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
