// `qiao search`, `qiao export` and `qiao import` as a user runs them: real processes (bin/qiao.mjs through tsx)
// on a real QIAO_HOME. Asynchronous spawn, like test/integration/cli.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src/main/core/core';
import { conversationsRepo, messagesRepo } from '../../../src/main/core/store';
import { filesUnder, tempDir } from '../../helpers/tempDir';
import { runQiao } from '../../helpers/cliProcess';


function qiao(home: string, cwd: string, ...argv: string[]) {
  return runQiao(argv, { home, cwd });
}

/** A home with one conversation about cats, written by the core as the app would. */
function seededHome(): { home: string; conversationId: string; messageIds: string[] } {
  const home = tempDir('qiao-cli-search-');
  const core = createCore({ dataDir: home, keychain: null });
  const conversation = conversationsRepo.createConversation(core.db, { title: '关于猫的对话', providerId: 'baystone', model: 'llama-3.1-instruct' });
  const question = messagesRepo.insertMessage(core.db, { conversationId: conversation.id, parentId: null, role: 'user', parts: [{ type: 'text', text: '猫为什么\t喜欢纸箱？' }], status: 'done' });
  const answer = messagesRepo.insertMessage(core.db, {
    conversationId: conversation.id,
    parentId: question.id,
    role: 'assistant',
    parts: [{ type: 'reasoning', text: '想想' }, { type: 'text', text: '纸箱让猫觉得安全。\nCats like boxes.' }],
    status: 'done',
    providerId: 'baystone',
    model: 'llama-3.1-instruct',
  });
  core.close();
  return { home, conversationId: conversation.id, messageIds: [question.id, answer.id] };
}

describe('qiao search / export / import', { timeout: 120_000 }, () => {
  it('searches: one line per match with ids and a plain snippet; nothing and exit 0 when nothing matches', async () => {
    const { home, conversationId, messageIds } = seededHome();
    const found = await qiao(home, home, 'search', '纸箱', '--limit', '5');
    expect(found.stderr).toBe('');
    expect(found.status).toBe(0);
    const lines = found.stdout.trimEnd().split('\n').sort();
    expect(lines).toEqual(
      [`${conversationId}\t${messageIds[0]}\t猫为什么 喜欢纸箱？`, `${conversationId}\t${messageIds[1]}\t纸箱让猫觉得安全。 Cats like boxes.`].sort(),
    );
    const title = await qiao(home, home, 'search', '猫', '--limit', '1');
    expect(title.stdout).toBe(`${conversationId}\t-\t关于猫的对话\n`);

    const none = await qiao(home, home, 'search', '不存在的词');
    expect(none).toEqual({ status: 0, stdout: '', stderr: '' });
    const syntax = await qiao(home, home, 'search', 'AND OR "(');
    expect(syntax.status).toBe(0);
    expect(syntax.stderr).toBe('');
    const bad = await qiao(home, home, 'search', '猫', '--limit', '0');
    expect(bad.status).toBe(2);
  });

  it('exports JSON and Markdown and imports into another home, once', async () => {
    const { home, conversationId } = seededHome();
    const work = tempDir('qiao-cli-work-');
    const json = await qiao(home, work, 'export', conversationId, '--format', 'json', '--out', 'exports/one.json');
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    expect(json.stdout).toContain('exported 1 conversation (2 messages, 0 images)');
    const file = path.join(work, 'exports', 'one.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).conversations[0].id).toBe(conversationId);

    const md = await qiao(home, work, 'export', '--all', '--format', 'md', '--out', 'md', '--reasoning');
    expect(md.status).toBe(0);
    const [mdFile] = filesUnder(path.join(work, 'md'));
    expect(fs.readFileSync(mdFile!, 'utf8')).toContain('纸箱让猫觉得安全。');
    expect(fs.readFileSync(mdFile!, 'utf8')).toContain('> 想想');

    const other = tempDir('qiao-cli-other-');
    const first = await qiao(other, work, 'import', 'exports/one.json');
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('imported 1 new conversation, 2 messages, 0 images\n');
    const second = await qiao(other, work, 'import', file);
    expect(second.stdout).toBe('imported 0 new conversations, 0 messages, 0 images\n');
    expect((await qiao(other, work, 'search', 'boxes')).stdout.split('\t')[0]).toBe(conversationId);
    const again = path.join(work, 'again.json');
    expect((await qiao(other, work, 'export', conversationId, '--format', 'json', '--out', again)).status).toBe(0);
    expect(fs.readFileSync(again).equals(fs.readFileSync(file))).toBe(true);
  });

  it('refuses bad usage and bad files with a clear message and exit 2', async () => {
    const { home } = seededHome();
    const work = tempDir('qiao-cli-work-');
    expect((await qiao(home, work, 'export', '--all', '--format', 'xml', '--out', 'x')).status).toBe(2);
    expect((await qiao(home, work, 'export', '--all', '--format', 'json')).stderr).toContain('--out');
    const missing = await qiao(home, work, 'import', 'missing.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
    fs.writeFileSync(path.join(work, 'broken.json'), '{"format":"qiao.conversations","version":1,"conversations":[{"id":1}],"images":[]}');
    const broken = await qiao(home, work, 'import', 'broken.json');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/Invalid export file at conversations\.0/);
    const notFound = await qiao(home, work, 'export', 'nope', '--format', 'json', '--out', 'x.json');
    expect(notFound.status).toBe(1);
    expect(notFound.stderr).toContain('Conversation not found: nope');
    expect(fs.existsSync(path.join(work, 'x.json'))).toBe(false);
  });
});
