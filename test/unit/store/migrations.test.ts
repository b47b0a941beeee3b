import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, migrations, latestSchemaVersion, SchemaTooNewError } from '../../../src/main/core/store';
import { tempDir } from '../../helpers/tempDir';
import { createSearchService } from '../../../src/main/core/search';

function tablesOf(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

describe('schema migrations', () => {
  it('creates a new database at the latest version, in WAL mode', () => {
    const file = path.join(tempDir(), 'qiao.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tablesOf(db)).toEqual(expect.arrayContaining(['attachments', 'conversations', 'messages', 'presets', 'providers', 'settings']));
    db.close();
  });

  // Every earlier version, including an empty file (0), must migrate to the latest and keep its rows.
  for (let from = 0; from < latestSchemaVersion; from++) {
    it(`migrates a database from version ${from} to ${latestSchemaVersion}, keeping its data`, () => {
      const file = path.join(tempDir(), 'qiao.db');
      const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= from) });
      expect(old.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 1) {
        old.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', '旧对话', 1, 1)").run();
      }
      old.close();

      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      if (from >= 1) expect(db.prepare("SELECT title FROM conversations WHERE id = 'c1'").get()).toEqual({ title: '旧对话' });
      db.close();
    });
  }

  it('indexes the first messages of each conversation from step 5, for databases migrated from every earlier version', () => {
    for (let from = 0; from < 5; from++) {
      const file = path.join(tempDir(), 'qiao.db');
      openDatabase(file, { migrations: migrations.filter((m) => m.version <= from) }).close();
      const db = openDatabase(file);
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY created_at, id")
        .all('c1') as Array<{ detail: string }>;
      expect(plan.map((row) => row.detail).join(' '), `from version ${from}`).toMatch(/USING (COVERING )?INDEX messages_roots/);
      expect(plan.map((row) => row.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
      db.close();
    }
  });

  it('turns FTS5 automerge off from step 6 (the search service merges in steps), for databases migrated from every earlier version', () => {
    for (let from = 0; from < 6; from++) {
      const file = path.join(tempDir(), 'qiao.db');
      const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= from) });
      if (from >= 3) expect(old.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").get(), `at version ${from}`).toBeUndefined();
      old.close();
      const db = openDatabase(file);
      expect(db.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").get(), `from version ${from}`).toEqual({ v: 0 });
      db.close();
    }
  });

  it('makes messages and titles written at version 2 searchable after migrating (step 3), and keeps their titles as the user\'s (step 4)', async () => {
    const file = path.join(tempDir(), 'qiao.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 2) });
    old.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', '旧的量子对话', 1, 1)").run();
    old
      .prepare("INSERT INTO messages (id, conversation_id, role, parts, status, created_at, updated_at) VALUES (?, 'c1', ?, ?, 'done', ?, ?)")
      .run('m1', 'user', JSON.stringify([{ type: 'text', text: '猫为什么喜欢纸箱？' }]), 2, 2);
    old.close();

    const db = openDatabase(file);
    const search = createSearchService(db);
    expect((await search.search({ query: '猫' })).results.map((r) => r.messageId)).toEqual(['m1']);
    expect((await search.search({ query: '纸箱' })).results.map((r) => r.messageId)).toEqual(['m1']);
    expect((await search.search({ query: '量子' })).results.map((r) => [r.kind, r.conversationId])).toEqual([['title', 'c1']]);
    expect(db.prepare("SELECT title_auto FROM conversations WHERE id = 'c1'").get()).toEqual({ title_auto: 0 });
    search.close();
    db.close();
  });

  it('applies all pending steps in one transaction: a failing step leaves the file at its old version', () => {
    const file = path.join(tempDir(), 'qiao.db');
    openDatabase(file, { migrations: [] }).close();
    const broken = [
      ...migrations,
      { version: latestSchemaVersion + 1, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE oops (x'), },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tablesOf(db)).not.toContain('conversations');
    db.close();
  });

  it('refuses a database written by a newer schema and leaves it byte-identical', () => {
    const dir = tempDir();
    const file = path.join(dir, 'qiao.db');
    const future = new Database(file);
    future.exec("CREATE TABLE future_things (id TEXT PRIMARY KEY); INSERT INTO future_things VALUES ('x');");
    future.pragma(`user_version = ${latestSchemaVersion + 7}`);
    future.close();
    const before = fs.readFileSync(file);
    const filesBefore = fs.readdirSync(dir).sort();

    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect((caught as Error).message).toMatch(/newer version of Qiao/);
    expect((caught as Error).message).toContain(`schema ${latestSchemaVersion + 7}`);

    expect(Buffer.compare(fs.readFileSync(file), before)).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
  });
});
