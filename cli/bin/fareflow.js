#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI directly: tsx compiles on load, so there is no build step to forget.
require('tsx/cjs/api').register();
require('../src/main.ts');
