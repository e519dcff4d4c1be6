#!/usr/bin/env node
// A committed entry point (not a build output), so that npm can link the `gancond` command
// at install time, before the TypeScript build has produced dist/.
require('../dist/src/cli/main.js');
