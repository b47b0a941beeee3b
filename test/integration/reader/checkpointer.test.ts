// WAL checkpoints off the main thread (src/main/core/reader/checkpointer.ts), on a real SQLite file in WAL mode.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { createCore, type Core } from '../../../src/main/core/core';
import { conversationsRepo, messagesRepo } from '../../../src/main/core/store';
import { databasePath } from '../../../src/main/core/paths';
import { Checkpointer } from '../../../src/main/core/reader/checkpointer';

const cores: Core[] = [];
const checkpointers: Checkpointer[] = [];
afterEach(() => {
  for (const c of checkpointers.splice(0)) c.stop();
  for (const core of cores.splice(0)) core.close();
});

function core(options: Parameters<typeof createCore>[0] = {}): Core {
  const made = createCore({ dataDir: tempDir(), keychain: null, ...options });
  cores.push(made);
  return made;
}

function writeMessages(c: Core, count: number): void {
  const conversation = conversationsRepo.createConversation(c.db, { title: 'wal' });
  let parentId: string | null = null;
  for (let i = 0; i < count; i++) {
    parentId = messagesRepo.insertMessage(c.db, { conversationId: conversation.id, parentId, role: 'user', parts: [{ type: 'text', text: `第${i}条 ${'x'.repeat(2000)}` }], status: 'done' }).id;
  }
}

describe('WAL checkpoints', () => {
  it('are left to the worker: the main connection checkpoints itself only far later than SQLite would', () => {
    expect(core().db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    // A one-shot CLI core has no worker: SQLite's default stays.
    expect(core({ readerWorker: false }).db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('copy what the main connection wrote into the database file, and only when something was written', () => {
    const c = core();
    const file = databasePath(c.dataDir);
    writeMessages(c, 300);
    const checkpointer = new Checkpointer(file, undefined);
    checkpointers.push(checkpointer);
    const first = checkpointer.checkpointIfWritten();
    expect(first).not.toBeNull();
    expect(first!.log).toBeGreaterThan(100);
    expect(first!.checkpointed).toBe(first!.log);
    // Nothing new: no checkpoint (and no sync).
    expect(checkpointer.checkpointIfWritten()).toBeNull();
    // The main connection goes on writing meanwhile; the next look copies that too.
    writeMessages(c, 20);
    const second = checkpointer.checkpointIfWritten();
    expect(second).not.toBeNull();
    expect(second!.checkpointed).toBe(second!.log);
    // Everything is in the database file itself.
    checkpointer.stop();
    c.close();
    cores.splice(cores.indexOf(c), 1);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.statSync(file).size).toBeGreaterThan(320 * 2000);
  });

  it('never fail when there is no WAL or no database', () => {
    const checkpointer = new Checkpointer(path.join(tempDir(), 'missing.db'), undefined);
    checkpointers.push(checkpointer);
    expect(checkpointer.checkpointIfWritten()).toBeNull();
    expect(checkpointer.checkpoint()).toBeNull();
  });
});
