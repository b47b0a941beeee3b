// better-sqlite3 is ABI-specific. Plain Node (tests, CLI) uses the binary npm built in node_modules; Electron
// uses the one `scripts/electron-native.mjs` builds into `.native/electron-<version>/` at `npm start`.
// Picking the binary per process lets `npm test`, the CLI and `npm start` share one checkout without rebuilds.
import fs from 'node:fs';
import path from 'node:path';

export function nativeBindingPath(projectRoot: string, versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  const electronVersion = (versions as NodeJS.ProcessVersions & { electron?: string }).electron;
  if (!electronVersion) return undefined;
  const candidate = path.join(projectRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}
