// Opens the SQLite file: refuses (without writing a byte) a file from a newer schema, then applies the
// pending numbered migrations in one transaction and switches to WAL.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SchemaTooNewError } from './errors';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  nativeBinding?: string;
  /** For tests of the migration path: apply only these steps. */
  migrations?: readonly Migration[];
}

function readUserVersion(file: string, nativeBinding?: string): number {
  if (!fs.existsSync(file)) return 0;
  // Read-only and without touching journal mode, so a refused file stays byte-identical.
  const probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
  }
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const steps = options.migrations ?? allMigrations;
  const appVersion = steps.length ? steps[steps.length - 1]!.version : 0;
  const fileVersion = readUserVersion(file, options.nativeBinding);
  if (fileVersion > appVersion) throw new SchemaTooNewError(fileVersion, appVersion, file);

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, steps);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db, steps: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = steps.filter((step) => step.version > current);
  if (!pending.length) return;
  db.transaction(() => {
    for (const step of pending) {
      step.up(db);
      db.pragma(`user_version = ${Number(step.version)}`);
    }
  }).immediate();
}
