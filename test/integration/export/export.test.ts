// Export and import through the API, with real SQLite files, real files on disk and the provider simulator.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conversationFor, simCore, type SimCore } from '../../helpers/simCore';
import { filesUnder, tempDir } from '../../helpers/tempDir';
import { attachmentsRepo, messagesRepo } from '../../../src/main/core/store';
import { accountFor } from '../../../src/main/core/secrets/secretStore';
import type { Api } from '../../../src/main/api';
import type { ApiMethodName } from '../../../src/shared/methods';
import type { ApiOutput } from '../../../src/shared/contract';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function ok<M extends ApiMethodName>(api: Api, method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await api.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as ApiOutput<M>;
}

function rowCounts(core: SimCore['core']) {
  const count = (table: string) => (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { conversations: count('conversations'), messages: count('messages'), attachments: count('attachments') };
}

/** Two conversations with everything a conversation can hold: branches, reasoning, logprobs, n>1, images, errors. */
async function richHistory({ sim, core, api }: SimCore): Promise<string[]> {
  const first = await conversationFor(api, 'baystone', 'llama-3.1-instruct', {
    systemPrompt: '你是一位耐心的物理老师。',
    params: { temperature: 0.7, topP: 0.9, maxTokens: 512, logprobs: 2, stop: ['###'] },
  });
  sim.enqueue({ reasoning: '先回忆定义。', reasoningStyle: 'think-tags', text: '量子力学研究微观粒子。', logprobs: true });
  const turn = core.chat.send({ conversationId: first, text: '什么是量子力学？' });
  await turn.done;
  sim.enqueue({ text: '另一种说法：研究原子尺度的物理。' });
  await core.chat.regenerate(turn.assistantMessageIds[0]!).done;
  sim.enqueue({ text: '经典力学是宏观的。' });
  await core.chat.editAndResend(turn.userMessageId, '什么是经典力学？').done;
  sim.enqueue({ status: 400, errorMessage: 'bad request from the gateway' });
  await core.chat.send({ conversationId: first, text: '再详细一点' }).done;
  await ok(api, 'conversations.rename', { id: first, title: '物理 · 量子与经典' });
  await ok(api, 'conversations.setPinned', { id: first, pinned: true });

  const second = await conversationFor(api, 'szaiai', 'claude-3-5-sonnet', { params: { n: 2, temperature: 0.2 } });
  const image = attachmentsRepo.putAttachment(core.db, { data: PNG, mime: 'image/png', width: 1, height: 1 });
  const root = messagesRepo.insertMessage(core.db, {
    conversationId: second,
    parentId: null,
    role: 'user',
    parts: [{ type: 'image', hash: image.hash, mime: 'image/png', width: 1, height: 1 }, { type: 'text', text: 'What is in this picture?' }],
    status: 'done',
  });
  messagesRepo.insertMessage(core.db, {
    conversationId: second,
    parentId: root.id,
    role: 'assistant',
    parts: [{ type: 'text', text: 'A single pixel.' }],
    status: 'done',
    providerId: 'szaiai',
    model: 'claude-3-5-sonnet',
  });
  await ok(api, 'conversations.setArchived', { id: second, archived: true });
  return [first, second];
}

describe('export and import', () => {
  it('round-trips JSON exactly: re-export is byte-identical and a second import changes nothing', async () => {
    const source = await simCore();
    await richHistory(source);
    const dir = tempDir();
    const exported = path.join(dir, 'all.json');
    const summary = await ok(source.api, 'export.conversations', { all: true, format: 'json', path: exported });
    expect(summary).toMatchObject({ files: [exported], conversations: 2, images: 1 });
    const original = fs.readFileSync(exported);
    const parsed = JSON.parse(original.toString('utf8'));
    // Complete: the tree with every field.
    const messages = parsed.conversations[0].messages as Array<Record<string, unknown>>;
    expect(messages.length).toBe(7);
    expect(messages.some((m) => Array.isArray(m.logprobs) && (m.logprobs as unknown[]).length > 0)).toBe(true);
    expect(messages.some((m) => (m.parts as Array<{ type: string }>).some((p) => p.type === 'reasoning'))).toBe(true);
    expect(messages.some((m) => m.status === 'error' && m.error !== null)).toBe(true);
    expect(messages.filter((m) => m.parentId === null)).toHaveLength(2);
    expect(parsed.conversations[0]).toMatchObject({ title: '物理 · 量子与经典', titleSource: 'user', pinned: true, systemPrompt: '你是一位耐心的物理老师。' });
    expect(parsed.conversations[1]).toMatchObject({ archived: true, providerId: 'szaiai', params: { n: 2, temperature: 0.2 } });
    expect(parsed.images[0]).toMatchObject({ mime: 'image/png', data: PNG.toString('base64') });

    const target = await simCore();
    const before = rowCounts(target.core);
    const imported = await ok(target.api, 'import.conversations', { path: exported });
    expect(imported).toEqual({ conversationsAdded: 2, conversationsMerged: 0, messagesAdded: 9, imagesAdded: 1 });
    const reexported = path.join(dir, 'again.json');
    await ok(target.api, 'export.conversations', { all: true, format: 'json', path: reexported });
    expect(fs.readFileSync(reexported).equals(original)).toBe(true);

    // Same conversations through the API as in the source.
    for (const conversation of parsed.conversations as Array<{ id: string }>) {
      expect(await ok(target.api, 'conversations.get', { id: conversation.id })).toEqual(await ok(source.api, 'conversations.get', { id: conversation.id }));
      expect(await ok(target.api, 'messages.list', { conversationId: conversation.id })).toEqual(
        await ok(source.api, 'messages.list', { conversationId: conversation.id }),
      );
    }
    expect(attachmentsRepo.getAttachmentData(target.core.db, parsed.images[0].hash)!.equals(PNG)).toBe(true);
    // And searchable at once.
    expect((await ok(target.api, 'search.query', { query: '经典力学' })).results.length).toBeGreaterThan(0);

    const afterFirst = rowCounts(target.core);
    expect(afterFirst).toEqual({ conversations: before.conversations + 2, messages: before.messages + 9, attachments: before.attachments + 1 });
    const again = await ok(target.api, 'import.conversations', { json: original.toString('utf8') });
    expect(again).toEqual({ conversationsAdded: 0, conversationsMerged: 0, messagesAdded: 0, imagesAdded: 0 });
    expect(rowCounts(target.core)).toEqual(afterFirst);
    await ok(target.api, 'export.conversations', { all: true, format: 'json', path: reexported });
    expect(fs.readFileSync(reexported).equals(original)).toBe(true);
  });

  it('merges new messages of a conversation that was imported before, without duplicating the rest', async () => {
    const source = await simCore();
    const id = await conversationFor(source.api, 'baystone', 'llama-3.1-instruct');
    source.sim.enqueue({ text: '第一答' });
    await source.core.chat.send({ conversationId: id, text: '第一问' }).done;
    const dir = tempDir();
    await ok(source.api, 'export.conversations', { conversationIds: [id], format: 'json', path: path.join(dir, 'v1.json') });
    source.sim.enqueue({ text: '第二答' });
    await source.core.chat.send({ conversationId: id, text: '第二问' }).done;
    await ok(source.api, 'export.conversations', { conversationIds: [id], format: 'json', path: path.join(dir, 'v2.json') });

    const target = await simCore();
    expect(await ok(target.api, 'import.conversations', { path: path.join(dir, 'v1.json') })).toMatchObject({ conversationsAdded: 1, messagesAdded: 2 });
    expect(await ok(target.api, 'import.conversations', { path: path.join(dir, 'v2.json') })).toMatchObject({ conversationsAdded: 0, conversationsMerged: 1, messagesAdded: 2 });
    expect((await ok(target.api, 'messages.list', { conversationId: id })).map((m) => m.id)).toEqual(
      (await ok(source.api, 'messages.list', { conversationId: id })).map((m) => m.id),
    );
  });

  it('rejects a malformed file as a whole and changes nothing', async () => {
    const source = await simCore();
    await richHistory(source);
    const dir = tempDir();
    const good = path.join(dir, 'good.json');
    await ok(source.api, 'export.conversations', { all: true, format: 'json', path: good });
    const file = JSON.parse(fs.readFileSync(good, 'utf8'));

    const target = await simCore();
    const before = rowCounts(target.core);
    const variants: Array<[string, string]> = [
      ['truncated', fs.readFileSync(good, 'utf8').slice(0, 500)],
      ['not ours', JSON.stringify({ hello: 'world' })],
      ['newer version', JSON.stringify({ ...file, version: 2 })],
      ['bad field', JSON.stringify({ ...file, conversations: [file.conversations[0], { ...file.conversations[1], pinned: 'yes' }] })],
      ['unknown field', JSON.stringify({ ...file, conversations: [{ ...file.conversations[0], apiKey: 'x' }] })],
      [
        'dangling parent',
        JSON.stringify({
          ...file,
          conversations: [file.conversations[0], { ...file.conversations[1], messages: [{ ...file.conversations[1].messages[1], parentId: 'nope' }] }],
        }),
      ],
      ['image hash mismatch', JSON.stringify({ ...file, images: [{ ...file.images[0], data: Buffer.from('not a png').toString('base64') }] })],
      ['bad leaf', JSON.stringify({ ...file, conversations: [{ ...file.conversations[0], activeLeafId: 'elsewhere' }] })],
    ];
    for (const [name, json] of variants) {
      const result = await target.api.call('import.conversations', { json });
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.error.code, name).toBe('validation');
      expect(rowCounts(target.core), name).toEqual(before);
    }
    const missing = await target.api.call('import.conversations', { path: path.join(dir, 'missing.json') });
    expect(missing.ok).toBe(false);
    const relative = await target.api.call('import.conversations', { path: 'good.json' });
    expect(relative.ok).toBe(false);
    const notJson = await target.api.call('import.conversations', { path: path.join(dir, 'notes.txt') });
    expect(notJson.ok).toBe(false);
    const garbage = await target.api.call('import.conversations', { json: '{"secret": "do not echo me" ' });
    expect(garbage.ok || garbage.error.message).not.toContain('do not echo me');

    // An export only ever writes files of its own type, so it cannot be aimed at an arbitrary file.
    for (const [format, target_] of [['json', path.join(dir, '.bashrc')], ['md', path.join(dir, 'notes.txt')]] as const) {
      const refused = await source.api.call('export.conversations', { conversationIds: [file.conversations[0].id], format, path: target_ });
      expect(refused.ok).toBe(false);
      expect(fs.existsSync(target_)).toBe(false);
    }
    expect(rowCounts(target.core)).toEqual(before);
  });

  it('writes readable Markdown: the visible path, reasoning only on request, images beside it with relative links', async () => {
    const source = await simCore();
    const [first, second] = await richHistory(source);
    const dir = tempDir();
    const single = path.join(dir, 'out', '量子 对话.md');
    await ok(source.api, 'export.conversations', { conversationIds: [first], format: 'md', path: single });
    const md = fs.readFileSync(single, 'utf8');
    expect(md.startsWith('# 物理 · 量子与经典\n')).toBe(true);
    expect(md).toContain('你是一位耐心的物理老师。');
    expect(md).toContain('## 用户');
    expect(md).toContain('什么是经典力学？');
    expect(md).toContain('经典力学是宏观的。');
    // The edited branch is on screen; the first question and its answers are on another branch.
    expect(md).not.toContain('量子力学研究微观粒子。');
    expect(md).toMatch(/另有 \d+ 条消息在其他分支上/);
    expect(md).not.toContain('先回忆定义。');

    await ok(source.api, 'conversations.setActiveLeaf', {
      id: first,
      leafId: (await ok(source.api, 'messages.list', { conversationId: first })).find((m) => m.role === 'assistant' && m.parts.some((p) => p.type === 'reasoning'))!.id,
    });
    await ok(source.api, 'export.conversations', { conversationIds: [first], format: 'md', path: single, includeReasoning: true });
    expect(fs.readFileSync(single, 'utf8')).toContain('> 先回忆定义。');

    const imageDoc = path.join(dir, 'pic.md');
    await ok(source.api, 'export.conversations', { conversationIds: [second], format: 'md', path: imageDoc });
    const link = /!\[[^\]]*\]\(([^)]+)\)/.exec(fs.readFileSync(imageDoc, 'utf8'))![1]!;
    expect(link.startsWith('pic.assets/')).toBe(true);
    expect(fs.readFileSync(path.join(dir, decodeURI(link))).equals(PNG)).toBe(true);

    const all = path.join(dir, 'everything');
    const summary = await ok(source.api, 'export.conversations', { all: true, format: 'md', path: all });
    expect(summary.conversations).toBe(2);
    const written = filesUnder(all).map((f) => path.relative(all, f)).sort();
    expect(written.filter((f) => f.endsWith('.md'))).toHaveLength(2);
    expect(written.filter((f) => f.startsWith(`assets${path.sep}`))).toHaveLength(1);
  });

  it('never writes an API key or openid into an export, even one pasted into a chat', async () => {
    const harness = await simCore();
    const { sim, core, api } = harness;
    const apiKey = `sk-export-${Math.random().toString(36).slice(2)}`;
    const openid = `oid${Math.random().toString(36).slice(2)}xyz`;
    sim.validKeys.add(apiKey);
    sim.validOpenids.add(openid);
    core.secrets.setForSession(accountFor('baystone', 'apiKey'), apiKey);
    core.secrets.setForSession(accountFor('zyinfo', 'openid'), openid);

    const zy = await conversationFor(api, 'zyinfo', 'qwen-max');
    sim.enqueue({ text: '好的。' });
    await core.chat.send({ conversationId: zy, text: `我的 openid 是 ${openid}，请记住` }).done;
    const bay = await conversationFor(api, 'baystone', 'llama-3.1-instruct');
    sim.enqueue({ status: 401, errorMessage: `Invalid API key provided: ${apiKey}` });
    await core.chat.send({ conversationId: bay, text: `key=${apiKey}` }).done;
    expect(sim.chatRequests().some((r) => r.zyinfo?.openid === openid)).toBe(true);

    const dir = tempDir();
    await ok(api, 'export.conversations', { all: true, format: 'json', path: path.join(dir, 'all.json') });
    await ok(api, 'export.conversations', { all: true, format: 'md', path: path.join(dir, 'md') });
    await ok(api, 'export.conversations', { conversationIds: [bay], format: 'md', path: path.join(dir, 'one.md') });
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const content = fs.readFileSync(file, 'utf8');
      expect(content, file).not.toContain(apiKey);
      expect(content, file).not.toContain(openid);
    }
    expect(fs.readFileSync(path.join(dir, 'all.json'), 'utf8')).toContain('[redacted]');
  });
});
