import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import {
  zyinfoBaseUrl,
  zyinfoNativeStream,
  zyinfoQuotaUrl,
  zyinfoSuspendUrl,
} from '../../../src/main/core/providers/gateways/zyinfo';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import { collect, completion, createFakeFetch } from './fakeFetch';
import { builtin, turn } from './helpers';

const z = builtin('zyinfo');
const creds = { openid: 'test' };

describe('zyinfo gateway', () => {
  it('builds {node}/llm_api/{openid}/{userid}/{AI_system}/v1', () => {
    expect(zyinfoBaseUrl(z, creds, 'qwen')).toBe('https://v.stylee.top:8899/llm_api/test/test/qwen/v1');
    const p = builtin('zyinfo', { baseUrl: 'https://ai.zyinfo.pro:8882/llm_api/', options: { userid: 'u 1', aiSystemInPath: false } });
    expect(zyinfoBaseUrl(p, { openid: 'o/1' }, 'qwen')).toBe('https://ai.zyinfo.pro:8882/llm_api/o%2F1/u%201//v1');
  });

  it('knows which node streams', () => {
    expect(zyinfoNativeStream(z)).toBe(true);
    expect(zyinfoNativeStream(builtin('zyinfo', { baseUrl: 'https://ai.zyinfo.pro:8882' }))).toBe(false);
    expect(zyinfoNativeStream(builtin('zyinfo', { baseUrl: 'http://127.0.0.1:1234/zyinfo-domestic', options: { node: 'domestic' } }))).toBe(false);
    expect(zyinfoNativeStream(builtin('zyinfo', { baseUrl: 'https://ai.zyinfo.pro:8882', options: { nativeStream: true } }))).toBe(true);
  });

  it('stop and quota URLs (configurable)', () => {
    expect(zyinfoSuspendUrl(z, creds)).toBe('https://v.stylee.top:8899/llm_api/suspend_current_generate?openid=test&userid=test');
    expect(zyinfoSuspendUrl(builtin('zyinfo', { options: { suspendUrl: 'https://x.example/api' } }), creds)).toBe(
      'https://x.example/api/suspend_current_generate?openid=test&userid=test',
    );
    expect(zyinfoQuotaUrl(z, creds)).toBe('https://ai.zyinfo.pro:8882/api_user/info?openid=test&type=json');
    const noQuotaOpt = { ...z, options: { userid: 'test' } };
    expect(zyinfoQuotaUrl(noQuotaOpt, creds)).toBe('https://v.stylee.top:8899/api_user/info?openid=test&type=json');
  });

  it('streams on the overseas node with the model as AI_system and a placeholder key', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'sse', events: [{ choices: [{ index: 0, delta: { content: '1-1=0' }, finish_reason: 'stop' }] }] }]);
    const c = createProviderClient(z, { fetch, rateLimiter: new RateLimiter() });
    const { events } = await collect(c.stream(turn(z, { model: 'qwen', credentials: creds })));
    expect(events).toContainEqual({ type: 'text', choice: 0, text: '1-1=0' });
    expect(calls[0]!.url).toBe('https://v.stylee.top:8899/llm_api/test/test/qwen/v1/chat/completions');
    expect(calls[0]!.body).toMatchObject({ model: 'qwen', stream: true });
    expect(calls[0]!.body).not.toHaveProperty('stream_options');
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer \S+/);
  });

  it('domestic node: always stream:false, the reply still arrives as events', async () => {
    const p = builtin('zyinfo', { baseUrl: 'https://ai.zyinfo.pro:8882' });
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: completion('整段', { usage: { prompt_tokens: 3, completion_tokens: 2 } }) }]);
    const c = createProviderClient(p, { fetch, rateLimiter: new RateLimiter() });
    const { events, error } = await collect(c.stream(turn(p, { model: 'qwen', credentials: creds, params: { stream: true } })));
    expect(error).toBeUndefined();
    expect(calls[0]!.body).toMatchObject({ stream: false });
    expect(events).toEqual([
      { type: 'text', choice: 0, text: '整段' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 3, completionTokens: 2 },
    ]);
  });

  it('no openid → unauthorized before anything is sent', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: completion('x') }]);
    const c = createProviderClient(z, { fetch, rateLimiter: new RateLimiter() });
    const { error } = await collect(c.stream(turn(z, { model: 'qwen', credentials: {} })));
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(calls).toHaveLength(0);
  });

  it('stop() calls suspend_current_generate; quota() returns the JSON', async () => {
    const { fetch, calls } = createFakeFetch((call) =>
      call.url.includes('api_user') ? { kind: 'json', body: { openid: 'test', balance: 12.5 } } : { kind: 'json', body: { ok: true } },
    );
    const c = createProviderClient(z, { fetch, rateLimiter: new RateLimiter() });
    await c.stop!(z, creds);
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://v.stylee.top:8899/llm_api/suspend_current_generate?openid=test&userid=test' });
    expect(await c.quota!(z, creds)).toEqual({ openid: 'test', balance: 12.5 });
  });

  it('quota errors are ProviderErrors without the openid', async () => {
    const { fetch } = createFakeFetch([{ kind: 'json', status: 401, body: { error: 'bad openid secretOpenid99' } }]);
    const c = createProviderClient(z, { fetch, rateLimiter: new RateLimiter() });
    const e = await c.quota!(z, { openid: 'secretOpenid99' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(String((e as Error).message)).not.toContain('secretOpenid99');
  });

  it('listModels is the catalog table (no network)', async () => {
    const { fetch, calls } = createFakeFetch([]);
    const models = await createProviderClient(z, { fetch }).listModels(z, creds);
    expect(models).toHaveLength(33);
    expect(calls).toHaveLength(0);
  });

  it('baystone and szaiai clients have no stop/quota', () => {
    expect(createProviderClient(builtin('baystone')).stop).toBeUndefined();
    expect(createProviderClient(builtin('szaiai')).quota).toBeUndefined();
  });
});
