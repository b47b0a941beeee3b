// Text generation helpers: the default reply, a toy tokenizer (for usage and logprobs), chunking into deltas,
// reasoning styles, and truncation by stop sequences and max_tokens.
import { createHash } from 'node:crypto';
import type { SimReply } from './types';

export const DEFAULT_REPLY_TEXT = '你好！I am the Qiao simulator（桥·模拟器）. 这是一条默认回复，have a nice day。';
export const DEFAULT_CHUNK_SIZE = 4;

// Every character belongs to exactly one token: English words and numbers carry their leading whitespace
// (like GPT tokenizers), each CJK character is one token, anything else is one code point.
const TOKEN_RE = /\s*[A-Za-z]+|\s*\d{1,3}|[\u3400-\u9fff\uf900-\ufaff]|\s+|[\s\S]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Split into pieces of `size` code points; `breaks` are code point offsets that must also start a piece. */
export function chunkText(text: string, size: number, breaks: readonly number[] = []): string[] {
  const cps = Array.from(text);
  const forced = new Set(breaks);
  const out: string[] = [];
  let cur = '';
  let n = 0;
  cps.forEach((cp, i) => {
    if (n > 0 && (n >= size || forced.has(i))) {
      out.push(cur);
      cur = '';
      n = 0;
    }
    cur += cp;
    n++;
  });
  if (n > 0) out.push(cur);
  return out;
}

export type ReasoningStyle = NonNullable<SimReply['reasoningStyle']>;

/** A run of generated text: reasoning (its own channel) or content (what the user sees, maybe with tags). */
export interface Segment {
  kind: 'reasoning' | 'content';
  text: string;
  /** Code point offsets that must start a new delta (used to split <think> tags mid-tag). */
  breaks?: number[];
}

/** An offset that splits `tag` (found in `text`) in its middle, so each half shares a delta with other text. */
function midTagBreaks(text: string, tag: string): number[] {
  const at = text.indexOf(tag);
  if (at < 0) return [];
  return [codePointLength(text.slice(0, at)) + Math.floor(tag.length / 2)];
}

/** The segments of one choice, for a reasoning style that the protocol has already resolved. */
export function composeSegments(text: string, reasoning: string | undefined, style: ReasoningStyle): Segment[] {
  if (reasoning === undefined || reasoning === '') return [{ kind: 'content', text }];
  switch (style) {
    case 'think-tags': {
      const full = `<think>\n${reasoning}\n</think>\n\n${text}`;
      return [{ kind: 'content', text: full, breaks: [...midTagBreaks(full, '<think>'), ...midTagBreaks(full, '</think>')] }];
    }
    case 'think-close-only': {
      const full = `${reasoning}\n</think>\n\n${text}`;
      return [{ kind: 'content', text: full, breaks: midTagBreaks(full, '</think>') }];
    }
    default:
      return [
        { kind: 'reasoning', text: reasoning },
        { kind: 'content', text },
      ];
  }
}

/** Cut content at the earliest stop sequence (the stop text itself is not returned, as the APIs do). */
export function applyStop(segments: Segment[], stops: readonly string[]): { segments: Segment[]; matched?: string } {
  const usable = stops.filter((s) => s.length > 0);
  if (usable.length === 0) return { segments };
  const out: Segment[] = [];
  for (const seg of segments) {
    if (seg.kind === 'content') {
      let best: { at: number; stop: string } | undefined;
      for (const stop of usable) {
        const at = seg.text.indexOf(stop);
        if (at >= 0 && (best === undefined || at < best.at)) best = { at, stop };
      }
      if (best) {
        const text = seg.text.slice(0, best.at);
        const limit = codePointLength(text);
        out.push({ ...seg, text, breaks: seg.breaks?.filter((b) => b < limit) });
        return { segments: out, matched: best.stop };
      }
    }
    out.push(seg);
  }
  return { segments: out };
}

/** Keep at most `max` tokens across the segments, in order. */
export function applyMaxTokens(segments: Segment[], max: number | undefined): { segments: Segment[]; truncated: boolean } {
  if (max === undefined) return { segments, truncated: false };
  let left = max;
  const out: Segment[] = [];
  for (const seg of segments) {
    const tokens = tokenize(seg.text);
    if (tokens.length <= left) {
      out.push(seg);
      left -= tokens.length;
      continue;
    }
    const text = tokens.slice(0, left).join('');
    const limit = codePointLength(text);
    if (text !== '') out.push({ ...seg, text, breaks: seg.breaks?.filter((b) => b < limit) });
    return { segments: out, truncated: true };
  }
  return { segments: out, truncated: false };
}

/** The text of each choice: `choices[i]`, or a numbered variant of the text. */
export function choiceTexts(reply: SimReply, n: number): string[] {
  const base = reply.text ?? reply.choices?.[0] ?? DEFAULT_REPLY_TEXT;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const given = reply.choices?.[i];
    if (given !== undefined) out.push(given);
    else if (i === 0) out.push(base);
    else out.push(`${base}（候选 ${i + 1} / variant ${i + 1}）`);
  }
  return out;
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

const ALTERNATIVES = ['的', ' the', '，', ' a', '是', ' and', '了', '.'];

export interface LogprobEntry {
  token: string;
  logprob: number;
  bytes: number[];
}
export interface LogprobToken extends LogprobEntry {
  top_logprobs: LogprobEntry[];
}

/** Deterministic OpenAI-chat-shaped logprobs for the tokens of `text`, with `top` alternatives each. */
export function logprobsFor(text: string, top: number): LogprobToken[] {
  return tokenize(text).map((token) => {
    const logprob = -Math.round((0.001 + (hash32(token) % 1000) / 800) * 10000) / 10000;
    const bytes = [...Buffer.from(token, 'utf8')];
    const tops: LogprobEntry[] = [];
    if (top > 0) {
      tops.push({ token, logprob, bytes });
      for (const alt of ALTERNATIVES) {
        if (tops.length >= top) break;
        if (alt === token) continue;
        tops.push({ token: alt, logprob: Math.round((logprob - 1.5 * tops.length) * 10000) / 10000, bytes: [...Buffer.from(alt, 'utf8')] });
      }
    }
    return { token, logprob, bytes, top_logprobs: tops };
  });
}

/** Deterministic unit vector for an input (float32-exact, so float and base64 answers agree bit for bit). */
export function simEmbedding(input: string, dims = 16): number[] {
  const raw: number[] = [];
  for (let round = 0; raw.length < dims; round++) {
    const digest = createHash('sha256').update(`${round}:${input}`).digest();
    for (let i = 0; i + 4 <= digest.length && raw.length < dims; i += 4) raw.push((digest.readUInt32LE(i) / 0xffffffff) * 2 - 1);
  }
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
  return raw.map((v) => Math.fround(v / norm));
}

export function randomId(prefix: string): string {
  return `${prefix}${createHash('sha256').update(`${Date.now()}:${Math.random()}`).digest('hex').slice(0, 24)}`;
}
