#!/usr/bin/env node
// After `nest build`: dist/build-info.json with the build time and commit, for /info
// (GIT_COMMIT when set, as in a container build; else git's HEAD; else null).
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

let commit = process.env.GIT_COMMIT || null;
if (!commit) {
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    commit = null;
  }
}
writeFileSync(
  join(__dirname, '..', 'dist', 'build-info.json'),
  `${JSON.stringify({ builtAt: new Date().toISOString(), commit })}\n`,
);
