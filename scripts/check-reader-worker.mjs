#!/usr/bin/env node
// Checks the reader worker of the electron-vite bundle (after `electron-vite build`): out/main/readerWorker.js is
// started with a plain `new Worker(file, { workerData })`, as the bundled client starts it, against a real temporary
// database, and its search, path page and export answers are compared with the same work done in-process from source.
// The worker thread runs the built JavaScript only (execArgv: [], no tsx); this script itself loads the source
// through tsx to make the database and the expected answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createCore } = await import('../src/main/core/core.ts');
const { conversationsRepo, messagesRepo, NotFoundError } = await import('../src/main/core/store/index.ts');
const { readSearchResults } = await import('../src/main/core/search/search.ts');
const { exportConversations } = await import('../src/main/core/export/index.ts');
const { BUNDLED_WORKER_FILE } = await import('../src/main/core/reader/client.ts');

const outMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main');
const workerFile = path.join(outMain, BUNDLED_WORKER_FILE);
if (!fs.existsSync(workerFile)) {
  console.error(`check-reader-worker: ${workerFile} is missing; run \`npx electron-vite build\` first`);
  process.exit(1);
}

// The client looks for the worker beside the bundle file it was bundled into: that must be index.js, not a chunk.
const jsFiles = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []));
const holders = jsFiles(outMain).filter((file) => fs.readFileSync(file, 'utf8').includes(`"${BUNDLED_WORKER_FILE}"`));
assert.deepEqual(holders, [path.join(outMain, 'index.js')], 'the reader client must be bundled into out/main/index.js, beside the worker');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-check-reader-'));
const core = createCore({ dataDir: dir, keychain: null });
let worker;
try {
  const conversation = conversationsRepo.createConversation(core.db, { title: '关于猫的对话' });
  let parentId = null;
  for (const text of ['猫为什么喜欢纸箱？', '纸箱让猫觉得安全。Cats like boxes.', '狗呢？']) {
    parentId = messagesRepo.insertMessage(core.db, { conversationId: conversation.id, parentId, role: parentId ? 'assistant' : 'user', parts: [{ type: 'text', text }], status: 'done' }).id;
  }
  core.search.indexAll();

  worker = new Worker(workerFile, { workerData: { databaseFile: path.join(dir, 'qiao.db') }, execArgv: [] });
  const answers = new Map();
  worker.on('message', (message) => answers.get(message.id)?.(message));
  const failed = new Promise((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited (code ${code})`)));
  });
  failed.catch(() => undefined); // raced by every question; the exit at the end is expected
  let nextId = 1;
  const ask = (body) => {
    const id = nextId++;
    const answered = new Promise((resolve) => answers.set(id, resolve));
    worker.postMessage({ id, ...body });
    return Promise.race([failed, answered]);
  };

  for (const query of ['纸箱', '猫', 'cats', '不存在']) {
    const answer = await ask({ type: 'search', input: { query, limit: 20 } });
    assert.equal(answer.ok, true, `search ${query}: ${answer.error?.message}`);
    assert.deepEqual(answer.value, await readSearchResults(core.db, { query, limit: 20 }), `search ${query}`);
  }
  assert.equal((await ask({ type: 'search', input: { query: '纸箱' } })).value.length, 2);

  for (const format of ['json', 'md']) {
    const request = { conversationIds: [conversation.id], format, language: 'zh-CN', secrets: [], includeReasoning: false };
    const viaWorker = path.join(dir, 'worker', `one.${format}`);
    const inProcess = path.join(dir, 'local', `one.${format}`);
    const answer = await ask({ type: 'export', request: { ...request, path: viaWorker } });
    assert.equal(answer.ok, true, `export ${format}: ${answer.error?.message}`);
    await exportConversations(core.db, { ...request, path: inProcess });
    assert.ok(fs.readFileSync(viaWorker).equals(fs.readFileSync(inProcess)), `export ${format}: the bytes differ`);
  }

  const pageInput = { conversationId: conversation.id, leafId: parentId, limit: 2 };
  const page = await ask({ type: 'path', input: pageInput });
  assert.equal(page.ok, true, `path: ${page.error?.message}`);
  assert.deepEqual(page.value, messagesRepo.pathPage(core.db, pageInput), 'path page');

  const missing = await ask({ type: 'export', request: { conversationIds: ['nope'], format: 'json', path: path.join(dir, 'x.json'), language: 'en', secrets: [] } });
  assert.deepEqual(missing, { id: missing.id, ok: false, error: { name: 'NotFoundError', message: new NotFoundError('Conversation', 'nope').message, fields: { what: 'Conversation', id: 'nope' } } });
  console.log(`bundled reader worker: ok (${path.relative(process.cwd(), workerFile)}: search, a page of messages, JSON and Markdown export, errors)`);
} finally {
  await worker?.terminate();
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
