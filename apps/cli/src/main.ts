#!/usr/bin/env node
// The CLI is built by the probe-engine work (issue 3).
process.stdout.write('shakedown: not yet implemented\n');
process.exitCode = 2;
