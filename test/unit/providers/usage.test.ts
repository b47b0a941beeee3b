import { describe, expect, it } from 'vitest';
import { usageSchema } from '../../../src/shared/domain';
import {
  computeCost,
  createUsageMeter,
  estimatePromptTokens,
  estimateTokens,
  usageFromEvents,
} from '../../../src/main/core/providers/usage';
import { ProviderError } from '../../../src/main/core/providers/errors';
import { builtin } from './helpers';

describe('estimateTokens', () => {
  it('counts CJK characters as one token each and other text as ~4 chars per token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('abcdefghi')).toBe(3);
    expect(estimateTokens('你好 world')).toBe(2 + 2); // "你好" + " world" (6 chars → 2)
    expect(estimateTokens('。，！')).toBe(3); // CJK punctuation
    expect(estimateTokens('こんにちは')).toBe(5);
  });

  it('prompt estimate covers the system prompt and every message, skipping reasoning', () => {
    const n = estimatePromptTokens('系统', [
      { role: 'user', parts: [{ type: 'text', text: '你好' }] },
      { role: 'assistant', parts: [{ type: 'reasoning', text: '很长很长的思考'.repeat(100) }, { type: 'text', text: '好' }] },
    ]);
    expect(n).toBe(2 + 4 + (4 + 2) + (4 + 1));
  });
});

describe('computeCost', () => {
  it('per 1K tokens: price × (prompt + completion) / 1000', () => {
    expect(computeCost({ pricePer1kTokens: 0.04 }, { promptTokens: 500, completionTokens: 1500 })).toBeCloseTo(0.08, 10);
  });
  it('per second: price × processing seconds', () => {
    expect(computeCost({ pricePerSecond: 0.015 }, { promptTokens: 10, completionTokens: 10, processingMs: 4000 })).toBeCloseTo(0.06, 10);
  });
  it('unknown price → undefined', () => {
    expect(computeCost({}, { promptTokens: 1, completionTokens: 1 })).toBeUndefined();
    expect(computeCost(undefined, { promptTokens: 1 })).toBeUndefined();
  });
});

describe('createUsageMeter', () => {
  const zyinfo = builtin('zyinfo');

  it('uses the gateway’s token counts, timing and per-1K price (zyinfo qwen 0.04 元/1K)', () => {
    const u = usageFromEvents(
      [
        { at: 1300, event: { type: 'text', choice: 0, text: '你好' } },
        { at: 2300, event: { type: 'text', choice: 0, text: '世界' } },
        { at: 2300, event: { type: 'finish', choice: 0, reason: 'stop' } },
        { at: 2300, event: { type: 'usage', promptTokens: 1000, completionTokens: 200 } },
      ],
      { provider: zyinfo, model: 'qwen', startedAt: 1000, endedAt: 2300 },
    );
    expect(u).toEqual({
      promptTokens: 1000,
      completionTokens: 200,
      durationMs: 1300,
      timeToFirstTokenMs: 300,
      tokensPerSecond: 200,
      costYuan: 0.048,
    });
    expect(usageSchema.parse(u)).toEqual(u);
  });

  it('estimates missing counts and marks them estimated', () => {
    const u = usageFromEvents(
      [
        { at: 100, event: { type: 'reasoning', choice: 0, text: '想想' } },
        { at: 200, event: { type: 'text', choice: 0, text: 'abcdefgh' } },
      ],
      {
        provider: zyinfo,
        model: 'qwen',
        system: '',
        messages: [{ role: 'user', parts: [{ type: 'text', text: '问题' }] }],
        startedAt: 0,
        endedAt: 200,
      },
    );
    expect(u.estimated).toBe(true);
    expect(u.promptTokens).toBe(4 + 2);
    expect(u.completionTokens).toBe(2 + 2);
    expect(u.costYuan).toBeCloseTo((0.04 * 10) / 1000, 8);
  });

  it('per-second models are billed by processing time of the last attempt (zyinfo chat5-v 0.015 元/s)', () => {
    const retryError = new ProviderError('unavailable', { status: 503 });
    const u = usageFromEvents(
      [
        { at: 500, event: { type: 'retry', attempt: 1, delayMs: 1000, error: retryError } },
        { at: 2500, event: { type: 'text', choice: 0, text: 'x' } },
        { at: 5500, event: { type: 'usage', promptTokens: 10, completionTokens: 20 } },
      ],
      { provider: zyinfo, model: 'chat5-v', startedAt: 0, endedAt: 5500 },
    );
    // attempt 2 started at 500 + 1000 = 1500 → 4 s of processing
    expect(u.costYuan).toBeCloseTo(0.06, 8);
    expect(u.timeToFirstTokenMs).toBe(2500);
    expect(u.durationMs).toBe(5500);
  });

  it('a model without a price has no cost (Baystone)', () => {
    const u = usageFromEvents([{ at: 10, event: { type: 'usage', promptTokens: 1, completionTokens: 2 } }], {
      provider: builtin('baystone'),
      model: 'gpt-4',
      startedAt: 0,
      endedAt: 10,
    });
    expect(u.costYuan).toBeUndefined();
    expect(u.estimated).toBeUndefined();
  });

  it('live meter with a clock', () => {
    let t = 0;
    const m = createUsageMeter({ provider: zyinfo, model: 'phi2-t', now: () => t });
    t = 50;
    m.observe({ type: 'text', choice: 0, text: 'hello world!' });
    t = 2050;
    m.observe({ type: 'usage', completionTokens: 3 });
    const u = m.finish();
    expect(u.timeToFirstTokenMs).toBe(50);
    expect(u.costYuan).toBeCloseTo(0.0032 * 2.05, 8);
    expect(u.completionTokens).toBe(3);
    expect(u.tokensPerSecond).toBe(1.46); // one chunk: the whole attempt counts as generation time
  });
});
