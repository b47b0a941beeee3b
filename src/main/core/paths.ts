// Where Qiao keeps its data. QIAO_HOME wins (tests, the CLI, portable use); otherwise the per-user application
// data directory, the same one Electron's app.getPath('userData') gives for product name "Qiao".
import os from 'node:os';
import path from 'node:path';

export const productName = 'Qiao';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.QIAO_HOME) return path.resolve(env.QIAO_HOME);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'qiao.db');
}
