// The renderer's streaming store: deltas batched per frame, only the changed reply's listeners told, and a
// reply opened mid-stream anchored to the stored text without gaps or repeats.
import { describe, expect, it } from 'vitest';
import { LiveReplies } from '../../../src/renderer/src/state/liveReplies';
import { appendAfterOverlap } from '../../../src/renderer/src/state/overlap';
import type { QiaoApi } from '../../../src/shared/bridge';

type Handler = (payload: never) => void;

function setup() {
  const frames: Array<() => void> = [];
  const live = new LiveReplies((flush) => frames.push(flush));
  const handlers = new Map<string, Handler>();
  live.connect({ on: ((event: string, handler: Handler) => (handlers.set(event, handler), () => handlers.delete(event))) as unknown as QiaoApi['on'] });
  const emit = (event: 'chat.delta' | 'chat.status', payload: Record<string, unknown>) => (handlers.get(event) as (p: unknown) => void)(payload);
  const delta = (messageId: string, text: string, reasoning = '', reset?: boolean) => emit('chat.delta', { messageId, conversationId: 'c', text, reasoning, reset });
  const status = (messageId: string, s: string) => emit('chat.status', { messageId, conversationId: 'c', status: s, error: null, usage: null });
  const runFrame = () => frames.splice(0).forEach((flush) => flush());
  return { live, delta, status, runFrame, frames };
}

describe('LiveReplies', () => {
  it('applies many deltas once per frame and tells only that reply’s listeners', () => {
    const { live, delta, status, runFrame, frames } = setup();
    const calls = { a: 0, b: 0 };
    live.subscribe('a', () => calls.a++);
    live.subscribe('b', () => calls.b++);
    status('a', 'streaming');
    calls.a = 0;
    for (const piece of ['你', '好', '，', 'world']) delta('a', piece);
    expect(frames).toHaveLength(1);
    expect(calls.a).toBe(0);
    expect(live.get('a')?.text).toBe('');
    runFrame();
    expect(live.get('a')?.text).toBe('你好，world');
    expect(calls).toEqual({ a: 1, b: 0 });
  });

  it('anchors a reply that was already streaming when the page loaded it', () => {
    const { live, delta, runFrame } = setup();
    // Deltas arrive before the stored text does (the page started listening mid-reply) …
    delta('m', 'CDE');
    runFrame();
    expect(live.get('m')?.anchored).toBe(false);
    // … and the store had persisted up to "ABCD": the overlap is not repeated.
    live.adopt('m', 'ABCD', '');
    expect(live.get('m')).toMatchObject({ text: 'ABCDE', anchored: true });
    delta('m', 'F');
    runFrame();
    expect(live.get('m')?.text).toBe('ABCDEF');
  });

  it('replaces everything on a reset delta and keeps a continued reply’s earlier text', () => {
    const { live, delta, status, runFrame } = setup();
    status('r', 'streaming');
    live.adopt('r', '', '');
    delta('r', 'thinking…');
    delta('r', 'answer', 'thinking…', true);
    runFrame();
    expect(live.get('r')).toMatchObject({ text: 'answer', reasoning: 'thinking…' });
    status('r', 'done');
    expect(live.get('r')?.status).toBe('done');
    // chat.continue: the same message streams again; new text is appended to what it had.
    status('r', 'streaming');
    delta('r', ' more');
    runFrame();
    expect(live.get('r')?.text).toBe('answer more');
  });
});

describe('appendAfterOverlap', () => {
  it('joins stored text and live deltas without repeating their overlap', () => {
    expect(appendAfterOverlap('', 'abc')).toBe('abc');
    expect(appendAfterOverlap('ab', 'abcd')).toBe('abcd');
    expect(appendAfterOverlap('xxabc', 'bcde')).toBe('xxabcde');
    expect(appendAfterOverlap('hello', '')).toBe('hello');
    expect(appendAfterOverlap('abc', 'xyz')).toBe('abcxyz');
    expect(appendAfterOverlap('aaaa', 'aab')).toBe('aaaab');
  });
});
