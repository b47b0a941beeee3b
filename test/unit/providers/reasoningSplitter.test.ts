import { describe, expect, it } from 'vitest';
import {
  ReasoningSplitter,
  looksLikeReasoningModel,
  splitReasoning,
  type Segment,
} from '../../../src/main/core/providers/reasoningSplitter';

/** Feeds `chunks` and returns the merged text/reasoning output. */
function run(chunks: string[], implicitReasoning = false, truncated = false): { reasoning: string; text: string; segments: Segment[] } {
  const s = new ReasoningSplitter({ implicitReasoning });
  const segments: Segment[] = [];
  for (const c of chunks) segments.push(...s.push(c));
  segments.push(...s.end({ truncated }));
  // Apply relabels the way the chat engine does: everything so far becomes the relabelled kind.
  let reasoning = '';
  let text = '';
  for (const x of segments) {
    if (x.kind === 'relabel') {
      if (x.as === 'reasoning') [reasoning, text] = [reasoning + text, ''];
      else [reasoning, text] = ['', reasoning + text];
    } else if (x.kind === 'reasoning') reasoning += x.text;
    else text += x.text;
  }
  return { reasoning, text, segments };
}

/** Every way of cutting `s` into 2 and 3 pieces. */
function* splits(s: string): Generator<string[]> {
  yield [s];
  for (let i = 0; i <= s.length; i++) {
    yield [s.slice(0, i), s.slice(i)];
    for (let j = i; j <= s.length; j++) yield [s.slice(0, i), s.slice(i, j), s.slice(j)];
  }
}

describe('ReasoningSplitter', () => {
  it('passes plain text through', () => {
    expect(run(['Hello, ', 'world'])).toMatchObject({ reasoning: '', text: 'Hello, world' });
  });

  it('separates <think>…</think> at the start', () => {
    expect(run(['<think>\nLet me think.\n</think>\n\nThe answer is 4.'])).toMatchObject({
      reasoning: 'Let me think.',
      text: 'The answer is 4.',
    });
  });

  it('keeps reasoning and text in order, reasoning first', () => {
    const { segments } = run(['<think>a', 'b</think>', 'c', 'd']);
    expect(segments).toEqual([
      { kind: 'reasoning', text: 'a' },
      { kind: 'reasoning', text: 'b' },
      { kind: 'text', text: 'c' },
      { kind: 'text', text: 'd' },
    ]);
  });

  const full = '<think>思考：1+1=2</think>答案是 2。';
  it('handles the tags split at every possible boundary (2 and 3 pieces)', () => {
    let cases = 0;
    for (const chunks of splits(full)) {
      const r = run(chunks);
      expect(r, JSON.stringify(chunks)).toMatchObject({ reasoning: '思考：1+1=2', text: '答案是 2。' });
      cases++;
    }
    expect(cases).toBeGreaterThan(300);
  });

  it('handles one character per delta', () => {
    expect(run([...full])).toMatchObject({ reasoning: '思考：1+1=2', text: '答案是 2。' });
  });

  it('handles leading whitespace before <think>', () => {
    for (const chunks of splits('\n <think>r</think>t')) {
      expect(run(chunks), JSON.stringify(chunks)).toMatchObject({ reasoning: 'r', text: 't' });
    }
  });

  it('R1-distill: only </think> appears (implicit mode), at every boundary', () => {
    const s = 'Okay, the user asks 1+1.\n</think>\n\n1+1 等于 2。';
    for (const chunks of splits(s)) {
      expect(run(chunks, true), JSON.stringify(chunks)).toMatchObject({
        reasoning: 'Okay, the user asks 1+1.',
        text: '1+1 等于 2。',
      });
    }
  });

  it('implicit mode still recognises an explicit <think> start', () => {
    expect(run(['<think>r</think>t'], true)).toMatchObject({ reasoning: 'r', text: 't' });
  });

  it('implicit mode with no close tag, cut by the length limit: everything is reasoning (truncated while thinking)', () => {
    expect(run(['still thinking', ' and thinking'], true, true)).toMatchObject({ reasoning: 'still thinking and thinking', text: '' });
  });

  it('implicit mode with no close tag that ended normally: the assumed reasoning is relabelled as the answer', () => {
    const { reasoning, text, segments } = run(['你好，', '这是答案。'], true);
    expect({ reasoning, text }).toEqual({ reasoning: '', text: '你好，这是答案。' });
    expect(segments[segments.length - 1]).toEqual({ kind: 'relabel', as: 'text', text: '' });
    // An explicit <think> is never relabelled, even without its close tag.
    expect(run(['<think>still going'], true)).toMatchObject({ reasoning: 'still going', text: '' });
  });

  it('implicit mode is switched off when the gateway sends native reasoning first', () => {
    const s = new ReasoningSplitter({ implicitReasoning: true });
    s.noteNativeReasoning();
    const out = [...s.push('The answer'), ...s.end()];
    expect(out).toEqual([{ kind: 'text', text: 'The answer' }]);
  });

  it('non-implicit mode: a lone </think> relabels the text before it as reasoning, at every boundary', () => {
    for (const chunks of splits('abc</think>def')) {
      expect(run(chunks), JSON.stringify(chunks)).toMatchObject({ reasoning: 'abc', text: 'def' });
    }
    // Only the first close tag counts; later ones are text.
    expect(run(['r</think>a</think>b'])).toMatchObject({ reasoning: 'r', text: 'a</think>b' });
  });

  it('a <think> later in the text is left alone', () => {
    expect(run(['Use the <think> tag like this.'])).toMatchObject({ text: 'Use the <think> tag like this.' });
    expect(run(['<think>r</think>then <think>x</think>'])).toMatchObject({ reasoning: 'r', text: 'then <think>x</think>' });
  });

  it('text that only looks like a tag prefix is released at the end', () => {
    expect(run(['<thi'])).toMatchObject({ text: '<thi' });
    expect(run(['<b>bold</b>'])).toMatchObject({ text: '<b>bold</b>' });
    expect(run(['<think>abc</thi'])).toMatchObject({ reasoning: 'abc</thi', text: '' });
  });

  it('holds back nothing more than a possible tag prefix', () => {
    const s = new ReasoningSplitter();
    expect(s.push('Hello <')).toEqual([{ kind: 'text', text: 'Hello ' }]);
    expect(s.push('/x')).toEqual([{ kind: 'text', text: '</x' }]);
  });

  it('streams reasoning progressively instead of buffering it', () => {
    const s = new ReasoningSplitter();
    expect(s.push('<think>step one')).toEqual([{ kind: 'reasoning', text: 'step one' }]);
    expect(s.push(' step two')).toEqual([{ kind: 'reasoning', text: ' step two' }]);
    expect(s.push('</think>ok')).toEqual([{ kind: 'text', text: 'ok' }]);
  });

  it('an empty think block gives only text', () => {
    expect(run(['<think>\n\n</think>\n\nHi'])).toMatchObject({ reasoning: '', text: 'Hi' });
  });

  it('whitespace-only content gives nothing', () => {
    expect(run(['  ', '\n']).segments).toEqual([]);
  });
});

describe('splitReasoning (complete replies)', () => {
  it('splits at a lone </think> without any model hint', () => {
    expect(splitReasoning('thinking…</think>answer')).toEqual([
      { kind: 'reasoning', text: 'thinking…' },
      { kind: 'text', text: 'answer' },
    ]);
  });
  it('plain text stays text', () => {
    expect(splitReasoning('just text')).toEqual([{ kind: 'text', text: 'just text' }]);
  });
  it('paired tags', () => {
    expect(splitReasoning('<think>r</think>t')).toEqual([
      { kind: 'reasoning', text: 'r' },
      { kind: 'text', text: 't' },
    ]);
  });
});

describe('looksLikeReasoningModel', () => {
  it.each([
    ['deepseek-r1-distill-qwen-14b', true],
    ['deepseek-r1', true],
    ['qwq-32b', true],
    ['deepseek-reasoner', true],
    ['gpt-4', false],
    ['llama-3.1-instruct', false],
    ['qwen', false],
    ['xiaoai-chat-v1', false],
    ['r10-model', false],
  ])('%s → %s', (model, expected) => {
    expect(looksLikeReasoningModel(model)).toBe(expected);
  });
});
