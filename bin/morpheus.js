#!/usr/bin/env node
'use strict';
// Node >= 22.1 keeps V8's compiled code between runs (in the OS temp directory): about a quarter off
// loading the CLI's and the worker's modules. Node 20 has no such cache, and this does nothing there.
require('node:module').enableCompileCache?.();
require('../dist/src/cli/main.js').run();
