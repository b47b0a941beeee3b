#!/usr/bin/env node
// Builds better-sqlite3 for Electron into .native/electron-<version>/, beside (not over) the Node build that
// npm made in node_modules. The core picks the binary per process (src/main/core/store/nativeBinding.ts), so
// `npm test`, the CLI and `npm start` all work from one checkout in any order. Runs at `npm start` / `npm run dev`,
// where the user's machine has the network for Electron's headers; never inside `npm ci` or `npm test`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronVersion = require('electron/package.json').version;
const targetDir = path.join(root, '.native', `electron-${electronVersion}`);
const target = path.join(targetDir, 'better_sqlite3.node');

if (fs.existsSync(target)) process.exit(0);

const sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-native-'));
const copy = path.join(work, 'better-sqlite3');
fs.cpSync(sourceDir, copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
// The package resolves node-addon-api etc. from its own folder; link the project's node_modules beside it.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'junction');

// npm passes its own `nodedir` (Node's headers) to node-gyp through the environment; Electron needs its own.
const env = { ...process.env };
for (const key of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key];

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once per Electron version)…`);
const attempts = [
  ['prebuild-install', ['--runtime', 'electron', '--target', electronVersion]],
  ['node-gyp', ['rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers']],
];
let built = false;
for (const [tool, args] of attempts) {
  const bin = path.join(root, 'node_modules', '.bin', tool);
  const command = fs.existsSync(bin) ? bin : 'npx';
  const result = spawnSync(command, command === 'npx' ? [tool, ...args] : args, { cwd: copy, env, stdio: 'inherit' });
  if (result.status === 0 && fs.existsSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'))) {
    built = true;
    break;
  }
}
if (!built) {
  console.error('Could not build better-sqlite3 for Electron. Check your network (Electron headers) and a C++ toolchain.');
  process.exit(1);
}
fs.mkdirSync(targetDir, { recursive: true });
fs.copyFileSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'), target);
fs.rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion} → ${path.relative(root, target)}`);
