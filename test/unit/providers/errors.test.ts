import { APIConnectionError, APIError } from 'openai';
import { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import {
  ProviderError,
  codeForStatus,
  parseRetryAfter,
  providerErrorCodes,
  scrubSecrets,
  toProviderError,
} from '../../../src/main/core/providers/errors';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import { describeProviderError, providerErrorMessages } from '../../../src/shared/i18n/providerErrors';
import { collect, createFakeFetch } from './fakeFetch';
import { builtin, fakeSleep, turn } from './helpers';

const KEY = 'sk-live-ABCDEFGHIJKLMNOPQRSTUV0123456789';
const OPENID = 'oPENid_7f3a9c2e51';

describe('status → code', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [413, 'payload_too_large'],
    [422, 'bad_request'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'upstream'],
    [503, 'unavailable'],
    [504, 'upstream'],
    [529, 'unavailable'],
    [599, 'server_error'],
  ])('%i → %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });

  it('retryable follows the code', () => {
    expect(new ProviderError('rate_limited').retryable).toBe(true);
    expect(new ProviderError('stalled').retryable).toBe(true);
    expect(new ProviderError('unauthorized').retryable).toBe(false);
    expect(new ProviderError('aborted').retryable).toBe(false);
  });
});

describe('Retry-After', () => {
  const h = (v: Record<string, string>) => new Headers(v);
  it('parses seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter(h({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(h({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.UTC(2026, 1, 1);
    expect(parseRetryAfter(h({ 'retry-after': new Date(now + 7000).toUTCString() }), now)).toBe(7000);
    expect(parseRetryAfter(h({ 'retry-after': new Date(now - 7000).toUTCString() }), now)).toBe(0);
    expect(parseRetryAfter(h({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(h({}))).toBeUndefined();
  });
});

describe('scrubbing', () => {
  it('removes keys, openids, URLs with paths and bearer tokens', () => {
    const s = scrubSecrets(
      `POST https://v.stylee.top:8899/llm_api/${OPENID}/test/qwen/v1/chat/completions failed; key ${KEY}; Authorization: Bearer abc.def; id=${OPENID}`,
      [KEY, OPENID],
    );
    expect(s).not.toContain(OPENID);
    expect(s).not.toContain(KEY);
    expect(s).not.toContain('abc.def');
    expect(s).toContain('https://v.stylee.top:8899/…');
  });

  it('scrubs sk- shaped keys even when not listed', () => {
    expect(scrubSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop')).not.toContain('abcdefghijklmnop');
  });

  it('short secrets (the public "test" openid) only when standing alone', () => {
    expect(scrubSecrets('openid=test is latest', ['test'])).toBe('openid=*** is latest');
  });

  it('SDK errors become ProviderErrors without secrets in message or gatewayMessage', () => {
    const apiErr = APIError.generate(401, { error: { message: `Invalid API key provided: ${KEY}` } }, undefined, new Headers());
    const e1 = toProviderError(apiErr, { secrets: [KEY] });
    expect(e1).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(e1.message).not.toContain(KEY);
    expect(e1.gatewayMessage).toBe('Invalid API key provided: ***');

    const conn = new APIConnectionError({
      message: `request to https://v.stylee.top:8899/llm_api/${OPENID}/u/qwen/v1/chat/completions failed`,
      cause: Object.assign(new Error(`connect ECONNREFUSED https://x/${OPENID}`), { code: 'ECONNREFUSED' }),
    });
    const e2 = toProviderError(conn, { secrets: [OPENID] });
    expect(e2.code).toBe('network');
    expect(JSON.stringify(e2)).not.toContain(OPENID);
    expect(e2.message).not.toContain(OPENID);

    const anth = new AnthropicAPIError(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, undefined, new Headers({ 'retry-after': '4' }));
    expect(toProviderError(anth, { secrets: [] })).toMatchObject({ code: 'rate_limited', status: 429, gatewayMessage: 'slow down', retryAfterMs: 4000 });
  });

  it('ProviderErrors made without the secrets are scrubbed again on the way out', () => {
    const inner = new ProviderError('stream_error', { gatewayMessage: `token ${OPENID} expired` });
    const out = toProviderError(inner, { secrets: [OPENID] });
    expect(out.code).toBe('stream_error');
    expect(out.gatewayMessage).toBe('token *** expired');
    expect(out.message).not.toContain(OPENID);
    const clean = new ProviderError('bad_request');
    expect(toProviderError(clean, { secrets: [OPENID] })).toBe(clean);
  });

  it('the error thrown by a turn never carries the key or the openid (zyinfo, openid in the URL)', async () => {
    const z = builtin('zyinfo');
    const f = createFakeFetch((call) => ({
      kind: 'json',
      status: 400,
      body: { error: { message: `bad request for ${call.url} with key ${KEY}` } },
    }));
    const c = createProviderClient(z, { fetch: f.fetch, sleep: fakeSleep().sleep, rateLimiter: new RateLimiter() });
    const { error } = await collect(c.stream(turn(z, { model: 'qwen', credentials: { apiKey: KEY, openid: OPENID } })));
    expect(f.calls[0]!.url).toContain(OPENID); // it really was in the URL
    const e = error as ProviderError;
    expect(e.code).toBe('bad_request');
    for (const text of [e.message, e.gatewayMessage ?? '', JSON.stringify(e), String(e.stack)]) {
      expect(text).not.toContain(OPENID);
      expect(text).not.toContain(KEY);
    }
  });

  it('connection errors of a zyinfo turn do not leak the openid either', async () => {
    const z = builtin('zyinfo', { baseUrl: 'http://127.0.0.1:9' });
    const c = createProviderClient(z, { sleep: fakeSleep().sleep, rateLimiter: new RateLimiter() });
    const { error } = await collect(c.stream(turn(z, { model: 'qwen', credentials: { openid: OPENID } })));
    const e = error as ProviderError;
    expect(e.code).toBe('network');
    expect(`${e.message} ${e.gatewayMessage} ${e.stack}`).not.toContain(OPENID);
  });
});

describe('i18n: providerErrors', () => {
  it('every code has a zh-CN and an en explanation', () => {
    for (const code of providerErrorCodes) {
      const m = providerErrorMessages[code];
      expect(m['zh-CN'].length, code).toBeGreaterThan(4);
      expect(m.en.length, code).toBeGreaterThan(4);
    }
    expect(Object.keys(providerErrorMessages).sort()).toEqual([...providerErrorCodes].sort());
  });

  it('says what to do next', () => {
    expect(describeProviderError('unauthorized', 'zh-CN')).toContain('设置');
    expect(describeProviderError('unauthorized', 'en')).toContain('Settings');
    expect(describeProviderError('rate_limited', 'en')).toMatch(/wait/i);
    expect(describeProviderError('unavailable', 'zh-CN')).toContain('维护');
    expect(describeProviderError('stalled', 'en')).toMatch(/retry/i);
    expect(describeProviderError('whatever', 'en')).toBe(providerErrorMessages.server_error.en);
  });
});
