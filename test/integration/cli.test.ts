// The `qiao` CLI as a user runs it: real processes (bin/qiao.mjs through tsx), a real QIAO_HOME, the real keychain
// (scripts/with-keyring.sh), and the provider simulator on 127.0.0.1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/server';
import { createCore } from '../../src/main/core/core';
import { messagesRepo } from '../../src/main/core/store';
import { filesUnder, tempDir } from '../helpers/tempDir';
import { qiaoIn } from '../helpers/cliProcess';

const bin = path.resolve('bin/qiao.mjs');
let sim: Simulator;
let home: string;
let provider: string;
const outputs: string[] = [];

beforeEach(async () => {
  sim = await startSimulator();
  home = tempDir('qiao-cli-');
  provider = `sim${Math.random().toString(36).slice(2, 8)}`;
});
afterEach(async () => {
  await qiao('key', 'delete', provider);
  await sim.close();
});

const qiao = qiaoIn(() => home, (result) => outputs.push(result.stdout, result.stderr));

async function addProvider(): Promise<void> {
  expect((await qiao('provider', 'add', provider, '--protocol', 'openai', '--base-url', sim.baseUrls.baystone, '--model', 'llama-3.1-instruct')).status).toBe(0);
}

describe('qiao CLI', { timeout: 120_000 }, () => {
  it('keeps the key given to `qiao key set` out of every file under QIAO_HOME and out of all output', async () => {
    sim.validKeys.clear();
    const secretKey = `sk-cli-${Math.random().toString(36).slice(2)}`;
    sim.validKeys.add(secretKey);
    await addProvider();
    const fullWidth = (await qiao('key', 'set', provider, { input: 'sk-全角密钥\n' }));
    expect(fullWidth.status).toBe(2);
    expect(fullWidth.stderr).toMatch(/visible ASCII/);
    const set = (await qiao('key', 'set', provider, { input: `${secretKey}\n` }));
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('keychain');
    const list = (await qiao('provider', 'list'));
    expect(list.stdout).toMatch(new RegExp(`${provider}\\topenai\\t.*\\tkey:keychain`));

    sim.enqueue({ text: '钥匙在钥匙串里。' });
    const chat = (await qiao('chat', '--provider', provider, '--model', 'llama-3.1-instruct', '你好'));
    expect(chat.stderr).toBe('');
    expect(chat.stdout).toBe('钥匙在钥匙串里。\n');
    expect(chat.status).toBe(0);
    expect(sim.chatRequests()[0]!.headers.authorization).toBe(`Bearer ${secretKey}`);

    // A rejected key: the error line must not echo it.
    sim.enqueue({ status: 401, errorMessage: `Invalid API key provided: ${secretKey}` });
    const refused = (await qiao('chat', '--provider', provider, '--model', 'llama-3.1-instruct', 'again'));
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const files = filesUnder(home);
    expect(files.some((f) => f.endsWith('qiao.db'))).toBe(true);
    for (const file of files) expect(fs.readFileSync(file).includes(Buffer.from(secretKey)), file).toBe(false);
    for (const output of outputs) expect(output).not.toContain(secretKey);
  });

  it('chat prints the reply exactly, saves the turn, sends every parameter, and uses exit codes 0 / 1 / 2', async () => {
    await addProvider();
    expect((await qiao('key', 'set', provider, { input: 'sk-test\n' })).status).toBe(0);
    const text = 'Line one\n\n  indented `code` 和中文\ttab';
    sim.enqueue({ text, reasoning: '想一想', reasoningStyle: 'reasoning_content' });
    const ok = (await qiao('chat', '--provider', provider, '--model', 'llama-3.1-instruct', '--system', '你是助手', '--temperature', '0.3', '--top-p', '0.9', '--max-tokens', '256', '--stop', 'END', '--stop', '###', '--frequency-penalty', '0.5', '--presence-penalty', '-0.5', '--user', 'u-1', '--show-reasoning', '问'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${text}\n`);
    expect(ok.stderr).toBe('想一想');
    const body = sim.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'llama-3.1-instruct', temperature: 0.3, top_p: 0.9, max_tokens: 256, stop: ['END', '###'], frequency_penalty: 0.5, presence_penalty: -0.5, user: 'u-1', stream: true });
    expect((body.messages as Array<{ role: string }>)[0]).toEqual({ role: 'system', content: '你是助手' });

    sim.enqueue({ text: 'whole' });
    expect((await qiao('chat', '--provider', provider, '--model', 'llama-3.1-instruct', '--no-stream', 'q')).stdout).toBe('whole\n');
    expect((sim.chatRequests()[1]!.body as { stream?: boolean }).stream).toBe(false);

    const list = (await qiao('conversations', 'list'));
    expect(list.stdout.trim().split('\n')).toHaveLength(2);
    const id = list.stdout.split('\n').find((line) => line.endsWith('\t问'))!.split('\t')[0]!;
    const shown = (await qiao('conversations', 'show', id));
    expect(shown.stdout).toContain('你是助手');
    expect(shown.stdout).toContain(text);

    sim.enqueue({ text: '继续' });
    expect((await qiao('chat', '--conversation', id, '接着说')).stdout).toBe('继续\n');
    expect((sim.chatRequests()[2]!.body as { messages: unknown[] }).messages).toHaveLength(4);

    sim.enqueue({ text: 'partial', dropAfterChunks: 1, chunkSize: 4 });
    const dropped = (await qiao('chat', '--provider', provider, '--model', 'llama-3.1-instruct', 'x'));
    expect(dropped.status).toBe(1);
    expect(dropped.stdout).toBe('part\n');
    expect(dropped.stderr.trim().split('\n')).toHaveLength(1);

    for (const bad of [
      ['chat', '--provider', provider, '--model', 'm', '--temperature', 'hot', 'x'],
      ['chat', '--provider', provider, '--model', 'm', '--temperature', '3', 'x'],
      ['chat', '--provider', provider, 'x'],
      ['chat', '--provider', 'nope', '--model', 'm', 'x'],
      ['chat', '--provider', provider, '--model', 'm', '--bogus', 'x'],
      ['provider', 'add', 'Bad Id', '--protocol', 'openai', '--base-url', 'http://127.0.0.1:1'],
      ['provider', 'add', 'okid', '--protocol', 'openai', '--base-url', 'file:///etc/passwd'],
      ['frobnicate'],
    ]) {
      const result = await qiao(...bad);
      expect(result.status, bad.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
    expect(sim.chatRequests()).toHaveLength(4);
  });

  it('a CLI killed mid-stream (SIGKILL) leaves the partial reply on disk, marked interrupted at the next start', async () => {
    await addProvider();
    expect((await qiao('key', 'set', provider, { input: 'sk-test\n' })).status).toBe(0);
    sim.enqueue({ text: '慢慢地说，'.repeat(400), chunkSize: 2, delayMs: 15 });
    const child = spawn(process.execPath, [bin, 'chat', '--provider', provider, '--model', 'llama-3.1-instruct', '讲个长故事'], {
      env: { ...process.env, QIAO_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    // Wait until the store (read by another connection, as another process would) holds part of the reply.
    const dbFile = path.join(home, 'qiao.db');
    let stored = '';
    for (let i = 0; i < 300 && stored.length < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (!fs.existsSync(dbFile)) continue;
      const reader = new Database(dbFile, { readonly: true });
      const row = reader.prepare("SELECT parts, status FROM messages WHERE role = 'assistant'").get() as { parts: string; status: string } | undefined;
      reader.close();
      if (row) {
        expect(row.status).toBe('streaming');
        stored = (JSON.parse(row.parts) as Array<{ type: string; text: string }>).filter((p) => p.type === 'text').map((p) => p.text).join('');
      }
    }
    expect(stored.length).toBeGreaterThanOrEqual(20);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(printed.length).toBeGreaterThan(0);

    const core = createCore({ dataDir: home, keychain: null });
    const reply = core.db.prepare("SELECT id FROM messages WHERE role = 'assistant'").get() as { id: string };
    const message = messagesRepo.getMessage(core.db, reply.id);
    core.close();
    expect(message.status).toBe('interrupted');
    const text = message.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    expect(text.length).toBeGreaterThanOrEqual(stored.length);
    expect('慢慢地说，'.repeat(400).startsWith(text)).toBe(true);
  });
});
