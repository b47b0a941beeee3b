import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { createApi } from '../../src/main/api';
import { allMethodNames, trustedMethodNames } from '../../src/shared/methods';
import { contract } from '../../src/shared/contract';
import { tempDir } from '../helpers/tempDir';

function setup() {
  const core = createCore({ dataDir: tempDir(), keychain: null });
  return { core, api: createApi(core, { version: '9.9.9' }) };
}

describe('api.ts', () => {
  it('has a handler and schemas for every method in the list', () => {
    expect(Object.keys(contract).sort()).toEqual([...allMethodNames].sort());
  });

  it('a renderer face cannot call the path-taking methods, and has no dialogs unless the face gives them', async () => {
    const { core } = setup();
    const renderer = createApi(core, { face: 'renderer' });
    for (const method of trustedMethodNames) {
      expect(await renderer.call(method, { path: '/tmp/x.json' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(await renderer.call('import.fromFile')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await renderer.call('app.info')).toMatchObject({ ok: true, value: { nativeDialogs: false } });
    const picked: string[] = [];
    const withDialogs = createApi(core, {
      face: 'renderer',
      dialogs: { saveFile: async () => undefined, openFile: async () => undefined, openImages: async () => (picked.push('asked'), []) },
    });
    expect(await withDialogs.call('attachments.pick')).toEqual({ ok: true, value: { cancelled: true, images: [], refused: [] } });
    expect(await withDialogs.call('import.fromFile')).toEqual({ ok: true, value: { cancelled: true } });
    expect(picked).toEqual(['asked']);
  });

  it('rejects unknown methods and invalid input with typed errors, changing nothing', async () => {
    const { api, core } = setup();
    expect(await api.call('system.exec', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await api.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const created = await api.call('conversations.create', { title: '原标题' });
    if (!created.ok) throw new Error('create failed');
    const id = (created.value as { id: string }).id;
    const before = core.db.prepare('SELECT * FROM conversations').all();

    for (const bad of [undefined, null, 42, { id }, { id, title: '' }, { id, title: 7 }, { id, title: 'x', extra: true }, { id: '', title: 'x' }]) {
      const result = await api.call('conversations.rename', bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation');
        expect(result.error.issues?.length).toBeGreaterThan(0);
      }
    }
    expect(await api.call('settings.update', { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await api.call('keys.set', { providerId: 'x', secret: '   ' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(core.db.prepare('SELECT * FROM conversations').all()).toEqual(before);
  });

  it('serves the app info, settings, presets and the conversation list', async () => {
    const { api } = setup();
    expect(await api.call('app.info', undefined)).toMatchObject({ ok: true, value: { name: 'Qiao', version: '9.9.9', keychain: 'unavailable' } });
    expect(await api.call('settings.update', { language: 'en' })).toMatchObject({ ok: true, value: { language: 'en' } });
    const presets = await api.call('presets.list');
    expect(presets.ok && (presets.value as unknown[]).length).toBeGreaterThanOrEqual(5);
    await api.call('conversations.create', { title: '一' });
    await api.call('conversations.create', { title: '二' });
    const list = await api.call('conversations.list');
    expect(list.ok && (list.value as Array<{ title: string }>).map((c) => c.title)).toEqual(['二', '一']);
  });

  it('a conversation started from a preset keeps its own copy of the system prompt', async () => {
    const { api, core } = setup();
    const created = await api.call('conversations.create', { presetId: 'builtin-legal' });
    if (!created.ok) throw new Error(created.error.message);
    const conv = created.value as { id: string; systemPrompt: string; presetId: string };
    expect(conv.systemPrompt).toContain('法律顾问');
    core.db.prepare("UPDATE presets SET system_prompt = 'changed' WHERE id = 'builtin-legal'").run();
    const again = await api.call('conversations.get', { id: conv.id });
    expect(again.ok && (again.value as { systemPrompt: string }).systemPrompt).toContain('法律顾问');
    expect(await api.call('conversations.create', { presetId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('emits conversations.changed to subscribers', async () => {
    const { api, core } = setup();
    const seen: unknown[] = [];
    core.events.subscribe((event, payload) => seen.push([event, payload]));
    await api.call('conversations.create', {});
    expect(seen).toEqual([['conversations.changed', { conversationId: expect.any(String) }]]);
  });
});
