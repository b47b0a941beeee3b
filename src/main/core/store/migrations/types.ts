import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Equals the `PRAGMA user_version` the database has after this step. */
  version: number;
  name: string;
  up(db: Database): void;
}
