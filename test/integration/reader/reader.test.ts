// Searches and exports through the reader worker (src/main/core/reader): a real worker thread on its own read-only
// connection to a real SQLite file, compared with the same work done in-process on the main connection.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conversationFor, simCore, type SimCore } from '../../helpers/simCore';
import { filesUnder, tempDir } from '../../helpers/tempDir';
import { createCore } from '../../../src/main/core/core';
import { attachmentsRepo, conversationsRepo, messagesRepo, NotFoundError, settingsRepo, type Db } from '../../../src/main/core/store';
import { accountFor } from '../../../src/main/core/secrets/secretStore';
import { exportConversations, type ExportRequest } from '../../../src/main/core/export';
import { knownSecrets } from '../../../src/main/core/export/knownSecrets';
import { ReaderClosedError, ReaderCrashedError } from '../../../src/main/core/reader/errors';
import type { ReaderClient } from '../../../src/main/core/reader/client';
import { WorkerReaders } from '../../../src/main/core/reader/readers';
import type { Api } from '../../../src/main/api';
import type { ApiMethodName } from '../../../src/shared/methods';
import type { ApiOutput } from '../../../src/shared/contract';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function ok<M extends ApiMethodName>(api: Api, method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await api.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as ApiOutput<M>;
}

/** The worker that serves searches and pages (exports have their own), unless the core reads in-process (the CLI). */
function workerOf(core: { reader: unknown }, which: 'reads' | 'exports' = 'reads'): ReaderClient {
  if (!(core.reader instanceof WorkerReaders)) throw new Error('this core reads in-process');
  return core.reader[which] as ReaderClient;
}

const messageIds = (out: ApiOutput<'search.query'>) => out.results.map((r) => r.messageId);

/** A conversation of `count` messages written straight into the store (fast), for exports that take a while. */
function bigConversation(db: Db, count: number): string {
  const conversation = conversationsRepo.createConversation(db, { title: '很长的对话' });
  const insert = db.prepare(
    `INSERT INTO messages (id, conversation_id, parent_id, role, parts, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)`,
  );
  db.transaction(() => {
    let parent: string | null = null;
    for (let i = 0; i < count; i++) {
      const id = `${conversation.id}-${i}`;
      insert.run(id, conversation.id, parent, i % 2 ? 'assistant' : 'user', JSON.stringify([{ type: 'text', text: `第${i}条：${'填充的文字，'.repeat(40)}` }]), 1000 + i, 1000 + i);
      parent = id;
    }
  })();
  return conversation.id;
}

/** Two conversations with reasoning, an image, a branch, an archived one, and a key pasted into a message. */
async function history({ sim, core, api }: SimCore, pastedKey: string): Promise<string[]> {
  const first = await conversationFor(api, 'baystone', 'llama-3.1-instruct', { systemPrompt: '你是一位耐心的物理老师。' });
  sim.enqueue({ reasoning: '先回忆定义。', reasoningStyle: 'think-tags', text: '量子力学研究微观粒子。' });
  const turn = core.chat.send({ conversationId: first, text: `什么是量子力学？顺便，我的钥匙是 ${pastedKey}` });
  await turn.done;
  sim.enqueue({ text: '另一种说法：研究原子尺度的物理。' });
  await core.chat.regenerate(turn.assistantMessageIds[0]!).done;
  await ok(api, 'conversations.rename', { id: first, title: '物理 · 量子' });

  const second = await conversationFor(api, 'szaiai', 'claude-3-5-sonnet');
  const image = attachmentsRepo.putAttachment(core.db, { data: PNG, mime: 'image/png', width: 1, height: 1 });
  messagesRepo.insertMessage(core.db, {
    conversationId: second,
    parentId: null,
    role: 'user',
    parts: [{ type: 'image', hash: image.hash, mime: 'image/png', width: 1, height: 1 }, { type: 'text', text: 'What is in this picture?' }],
    status: 'done',
  });
  await ok(api, 'conversations.setArchived', { id: second, archived: true });
  return [first, second];
}

/** Every file under `dir` by its path relative to `dir`, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((file) => [path.relative(dir, file), fs.readFileSync(file)]));
}

describe('reader worker', () => {
  it('finds what was just written, a streaming reply as persisted so far included (read your writes)', async () => {
    const { sim, core, api } = await simCore({ persistIntervalMs: 20 });
    const conversationId = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    expect(workerOf(core).running).toBe(false);
    expect(messageIds(await ok(api, 'search.query', { query: '独角兽' }))).toEqual([]);
    // Started by the first search, not before.
    expect(workerOf(core).running).toBe(true);

    sim.enqueue({ text: '独角兽在草地上奔跑。' + '后面还有很多很多的文字。'.repeat(40), chunkSize: 2, delayMs: 20 });
    const handle = core.chat.send({ conversationId, text: '讲一个关于彩虹的故事' });
    const replyId = handle.assistantMessageIds[0]!;
    // The user message was written a moment ago on the main connection; the worker's read comes after that commit.
    expect(messageIds(await ok(api, 'search.query', { query: '彩虹' }))).toContain(handle.userMessageId);

    // Once the first words of the reply are persisted, they are findable while it is still streaming.
    const persisted = () => JSON.stringify(messagesRepo.getMessage(core.db, replyId).parts).includes('奔跑');
    while (!persisted()) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(core.chat.isStreaming(replyId)).toBe(true);
    expect(messageIds(await ok(api, 'search.query', { query: '奔跑' }))).toEqual([replyId]);
    expect(core.chat.isStreaming(replyId)).toBe(true);
    await core.chat.stop(replyId);
    await handle.done;
  });

  it('writes byte for byte what the in-process export writes (JSON, Markdown of one, Markdown of all), keys redacted', async () => {
    const source = await simCore();
    const pastedKey = `sk-pasted-${'x'.repeat(24)}`;
    source.core.secrets.setForSession(accountFor('szaiai', 'apiKey'), pastedKey);
    const [first] = await history(source, pastedKey);
    const { core, api } = source;
    const dir = tempDir();
    const inProcess = async (request: Omit<ExportRequest, 'language' | 'secrets'>) =>
      exportConversations(core.db, { ...request, language: settingsRepo.getSettings(core.db).language, secrets: await knownSecrets(core.db, core.secrets) });

    const viaWorker = await ok(api, 'export.conversations', { all: true, format: 'json', path: path.join(dir, 'worker', 'all.json') });
    const local = await inProcess({ all: true, format: 'json', path: path.join(dir, 'local', 'all.json') });
    expect(viaWorker).toEqual({ ...local, files: [path.join(dir, 'worker', 'all.json')] });
    const json = fs.readFileSync(path.join(dir, 'worker', 'all.json'));
    expect(json.equals(fs.readFileSync(path.join(dir, 'local', 'all.json')))).toBe(true);
    expect(json.toString('utf8')).toContain('[redacted]');
    expect(json.includes(Buffer.from(pastedKey))).toBe(false);

    await ok(api, 'export.conversations', { conversationIds: [first], format: 'md', includeReasoning: true, path: path.join(dir, 'worker-one', '物理.md') });
    await inProcess({ conversationIds: [first!], format: 'md', includeReasoning: true, path: path.join(dir, 'local-one', '物理.md') });
    const one = tree(path.join(dir, 'worker-one'));
    expect([...one.keys()]).toEqual(['物理.md']);
    expect(one).toEqual(tree(path.join(dir, 'local-one')));

    const all = await ok(api, 'export.conversations', { all: true, format: 'md', path: path.join(dir, 'worker-all') });
    await inProcess({ all: true, format: 'md', path: path.join(dir, 'local-all') });
    expect(all).toMatchObject({ conversations: 2, images: 1 });
    const markdown = tree(path.join(dir, 'worker-all'));
    expect(markdown.size).toBe(3);
    expect(markdown).toEqual(tree(path.join(dir, 'local-all')));
    for (const bytes of markdown.values()) expect(bytes.includes(Buffer.from(pastedKey))).toBe(false);
  });

  it('answers an unknown conversation with the same not_found as the in-process export', async () => {
    const { core, api } = await simCore();
    const dir = tempDir();
    const request = { conversationIds: ['no-such-conversation'], format: 'json' as const, path: path.join(dir, 'x.json') };
    const local = await exportConversations(core.db, { ...request, language: 'en', secrets: [] }).catch((error: unknown) => error);
    expect(local).toBeInstanceOf(NotFoundError);
    const expected = { ok: false, error: { code: 'not_found', message: (local as Error).message } };
    expect(await api.call('export.conversations', request)).toEqual(expected);
    expect(await api.call('export.conversations', { ...request, format: 'md', path: path.join(dir, 'x.md') })).toEqual(expected);
    // The class itself crosses the thread, fields and all.
    const direct = await core.reader.exportConversations({ ...request, language: 'en', secrets: [] }).catch((error: unknown) => error);
    expect(direct).toBeInstanceOf(NotFoundError);
    expect(direct).toMatchObject({ what: 'Conversation', id: 'no-such-conversation', message: (local as Error).message });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reads pages of a conversation path equal to the in-process pages, the newest writes included, and the same errors', async () => {
    const { core, api } = await simCore();
    const id = bigConversation(core.db, 600);
    conversationsRepo.updateConversation(core.db, id, { activeLeafId: `${id}-599` });
    // Walk the whole path from the end in pages, through the API (the worker) and in-process side by side.
    let leafId: string | undefined;
    let pages = 0;
    for (;;) {
      const input = { conversationId: id, limit: 250, ...(leafId ? { leafId } : {}) };
      const viaWorker = await ok(api, 'messages.path', input);
      expect(viaWorker).toEqual(messagesRepo.pathPage(core.db, input));
      pages++;
      if (!viaWorker.hasMore) break;
      leafId = viaWorker.entries[0]!.message.parentId!;
    }
    expect(pages).toBe(3);
    // A message written on the main connection just before is on the page the worker reads right after.
    const newest = messagesRepo.insertMessage(core.db, { conversationId: id, parentId: `${id}-599`, role: 'user', parts: [{ type: 'text', text: '刚写的' }], status: 'done' });
    conversationsRepo.updateConversation(core.db, id, { activeLeafId: newest.id });
    const tail = await ok(api, 'messages.path', { conversationId: id, limit: 2 });
    expect(tail.entries.map((e) => e.message.id)).toEqual([`${id}-599`, newest.id]);
    expect(tail.entries[0]!.siblingIds).toEqual([`${id}-599`]);
    // Unknown conversation or leaf: not_found, as before the worker.
    expect(await api.call('messages.path', { conversationId: 'nope', limit: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await api.call('messages.path', { conversationId: id, leafId: 'nope', limit: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('on core.close(): an export in flight fails with a clear error, a search in flight answers empty, later calls are refused', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, keychain: null });
    const { createApi } = await import('../../../src/main/api');
    const api = createApi(core);
    const big = bigConversation(core.db, 3000);
    const exporting = api.call('export.conversations', { conversationIds: [big], format: 'json', path: path.join(dir, 'big.json') });
    const searching = core.search.search({ query: '填充' });
    // Both requests are out once the worker exists (it takes a few hundred ms to start from source).
    while (!workerOf(core).running) await new Promise((resolve) => setImmediate(resolve));
    core.close();
    expect(await exporting).toEqual({ ok: false, error: { code: 'internal', message: 'The export did not finish: Qiao\'s reader was closed' } });
    expect((await searching).results).toEqual([]);
    expect(workerOf(core).running).toBe(false);
    await expect(core.reader.search({ query: '填充' })).rejects.toBeInstanceOf(ReaderClosedError);
    expect(fs.existsSync(path.join(dir, 'big.json'))).toBe(false);
  });

  it.runIf(process.platform === 'linux')('runs exports in their own worker thread, below normal priority; searches and pages at normal priority', async () => {
    const { core, api } = await simCore();
    const nices = () =>
      fs.readdirSync(`/proc/${process.pid}/task`).map((tid) => {
        const stat = fs.readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    await ok(api, 'search.query', { query: '猫' });
    expect(nices().filter((n) => n !== 0)).toEqual([]);
    await ok(api, 'export.conversations', { all: true, format: 'json', path: path.join(tempDir(), 'all.json') });
    expect(workerOf(core, 'exports').running).toBe(true);
    expect(nices().filter((n) => n !== 0)).toEqual([10]);
  });

  it('after a crash: requests in flight reject, and the next request starts a new worker', async () => {
    const { core, api } = await simCore();
    messagesRepo.insertMessage(core.db, {
      conversationId: conversationsRepo.createConversation(core.db, { title: '测试' }).id,
      parentId: null,
      role: 'user',
      parts: [{ type: 'text', text: '猫喜欢纸箱' }],
      status: 'done',
    });
    const lost = core.reader.search({ query: '纸箱' });
    await workerOf(core).crashForTesting();
    await expect(lost).rejects.toBeInstanceOf(ReaderCrashedError);
    await expect(lost).rejects.toThrow(/did not finish: Qiao's reader stopped unexpectedly \(exit code \d+\); try again/);
    expect(workerOf(core).running).toBe(false);
    expect((await ok(api, 'search.query', { query: '纸箱' })).results).toHaveLength(1);
    expect(workerOf(core).running).toBe(true);
  });

  it('never keeps a process alive, and never lets it exit before the answer arrives', async () => {
    const dir = tempDir();
    const seeded = createCore({ dataDir: dir, keychain: null });
    const conversation = conversationsRepo.createConversation(seeded.db, { title: '猫的对话' });
    seeded.close();
    const fixture = path.resolve('test/integration/reader/fixtures/searchWithoutClose.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const title = { results: [{ conversationId: conversation.id, kind: 'title' }], pendingIndexing: 0 };
    expect(JSON.parse(stdout)).toMatchObject([title, title]);
  });
});
