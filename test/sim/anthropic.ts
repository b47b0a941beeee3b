// Anthropic Messages (szaiai /v1/messages): validation per szaiai-xiaoai-engine.md §3.1 (max_tokens required,
// temperature 0–1, top-level system, roles user/assistant, base64 image blocks), the message object of the seed,
// and the stream: the full event sequence real Anthropic servers send, or the seed's minimal one (§4).
import { createHash } from 'node:crypto';
import { streamErrorBody } from './errors';
import { Generation, pace, sse } from './generation';
import { isRecord, sendError, sendJson, sendSseHead, type Ctx } from './http';
import { applyMaxTokens, applyStop, choiceTexts, chunkText, composeSegments, countTokens, DEFAULT_CHUNK_SIZE, randomId, type ReasoningStyle, type Segment } from './text';
import type { SimReply } from './types';
import { checkNumber, checkType, first, invalid, missing, type Problem } from './validate';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
/** Block types the real API accepts in messages; only text and image are checked in depth. */
const BLOCK_TYPES = ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'];

interface MessagesRequest {
  model: string;
  stream: boolean;
  maxTokens: number;
  stopSequences: string[];
  inputTokens: number;
}

function checkBlock(block: unknown, at: string): Problem | null {
  if (!isRecord(block)) return invalid('anthropic', at, '', 'Input should be a valid dictionary');
  const type = block['type'];
  if (typeof type !== 'string' || !BLOCK_TYPES.includes(type)) {
    return invalid('anthropic', `${at}.type`, '', `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((t) => `'${t}'`).join(', ')}`);
  }
  if (type === 'text' && typeof block['text'] !== 'string') return missing('anthropic', `${at}.text`);
  if (type === 'image') {
    const source = block['source'];
    if (!isRecord(source)) return missing('anthropic', `${at}.source`);
    if (source['type'] === 'base64') {
      if (typeof source['media_type'] !== 'string' || !IMAGE_TYPES.includes(source['media_type'])) {
        return invalid('anthropic', `${at}.source.media_type`, '', `Input should be ${IMAGE_TYPES.map((t) => `'${t}'`).join(', ')}`);
      }
      if (typeof source['data'] !== 'string' || source['data'] === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(source['data'])) {
        return invalid('anthropic', `${at}.source.data`, '', 'Invalid base64 data');
      }
    } else if (source['type'] === 'url') {
      if (typeof source['url'] !== 'string') return missing('anthropic', `${at}.source.url`);
    } else {
      return invalid('anthropic', `${at}.source.type`, '', "Input tag found using 'type' does not match any of the expected tags: 'base64', 'url'");
    }
  }
  return null;
}

function checkMessages(messages: unknown): Problem | null {
  if (messages === undefined || messages === null) return missing('anthropic', 'messages');
  if (!Array.isArray(messages)) return invalid('anthropic', 'messages', '', 'Input should be a valid list');
  if (messages.length === 0) return invalid('anthropic', 'messages', '', 'at least one message is required');
  for (const [i, m] of messages.entries()) {
    if (!isRecord(m)) return invalid('anthropic', `messages.${i}`, '', 'Input should be a valid dictionary');
    const role = m['role'];
    if (role === 'system') {
      return invalid('anthropic', `messages.${i}.role`, '', 'Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.');
    }
    if (role !== 'user' && role !== 'assistant') return invalid('anthropic', `messages.${i}.role`, '', "Input should be 'user' or 'assistant'");
    const content = m['content'];
    const last = i === messages.length - 1;
    if (typeof content === 'string') {
      if (content === '' && !(last && role === 'assistant')) {
        return invalid('anthropic', `messages.${i}`, '', 'all messages must have non-empty content except for the optional final assistant message');
      }
      continue;
    }
    if (!Array.isArray(content)) return missing('anthropic', `messages.${i}.content`);
    if (content.length === 0 && !(last && role === 'assistant')) {
      return invalid('anthropic', `messages.${i}`, '', 'all messages must have non-empty content except for the optional final assistant message');
    }
    for (const [j, block] of content.entries()) {
      const p = checkBlock(block, `messages.${i}.content.${j}`);
      if (p) return p;
    }
  }
  return null;
}

function checkSystem(system: unknown): Problem | null {
  if (system === undefined || system === null || typeof system === 'string') return null;
  if (!Array.isArray(system)) return invalid('anthropic', 'system', '', 'Input should be a valid string or a list of text blocks');
  for (const [i, block] of system.entries()) {
    if (!isRecord(block) || block['type'] !== 'text' || typeof block['text'] !== 'string') {
      return invalid('anthropic', `system.${i}`, '', 'Input should be a text block ({"type":"text","text":…})');
    }
  }
  return null;
}

function textTokens(content: unknown): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block['text'] === 'string') total += countTokens(block['text']);
    if (block['type'] === 'image') {
      const source = block['source'];
      const data = isRecord(source) && typeof source['data'] === 'string' ? source['data'] : '';
      total += Math.max(85, Math.round((data.length * 0.75) / 750));
    }
  }
  return total;
}

function parseMessages(json: unknown): MessagesRequest | Problem {
  if (!isRecord(json)) return invalid('anthropic', 'body', '', 'Input should be a valid dictionary');
  const b = json;
  const problem = first(
    () => (b['model'] === undefined || b['model'] === null ? missing('anthropic', 'model') : null),
    () => checkType('anthropic', b, 'model', 'string'),
    () => (b['max_tokens'] === undefined || b['max_tokens'] === null ? missing('anthropic', 'max_tokens') : null),
    () => checkNumber('anthropic', b, 'max_tokens', { min: 1, integer: true }),
    () => checkMessages(b['messages']),
    () => checkSystem(b['system']),
    () => checkNumber('anthropic', b, 'temperature', { min: 0, max: 1 }),
    () => checkNumber('anthropic', b, 'top_p', { min: 0, max: 1 }),
    () => checkNumber('anthropic', b, 'top_k', { min: 0, integer: true }),
    () => checkType('anthropic', b, 'stream', 'boolean'),
    () => checkType('anthropic', b, 'metadata', 'object'),
    () => checkType('anthropic', b, 'thinking', 'object'),
    () => {
      const stops = b['stop_sequences'];
      if (stops === undefined || stops === null) return null;
      if (Array.isArray(stops) && stops.every((s) => typeof s === 'string')) return null;
      return invalid('anthropic', 'stop_sequences', '', 'Input should be a valid list of strings');
    },
  );
  if (problem) return problem;
  const messages = b['messages'] as Record<string, unknown>[];
  return {
    model: b['model'] as string,
    stream: b['stream'] === true,
    maxTokens: b['max_tokens'] as number,
    stopSequences: Array.isArray(b['stop_sequences']) ? (b['stop_sequences'] as string[]) : [],
    inputTokens: textTokens(b['system']) + messages.reduce((sum, m) => sum + textTokens(m['content']), 0) + 3 * messages.length,
  };
}

/** /v1/messages has no OpenAI reasoning fields: those styles fall back to a thinking block. */
export function anthropicStyle(reply: SimReply): ReasoningStyle {
  const style = reply.reasoningStyle ?? 'anthropic-thinking';
  return style === 'reasoning_content' || style === 'reasoning' ? 'anthropic-thinking' : style;
}

interface Step {
  block: number;
  kind: Segment['kind'];
  text: string;
}

const signatureOf = (thinking: string): string => createHash('sha256').update(`sim:${thinking}`).digest('base64');

export async function handleMessages(ctx: Ctx, reply: SimReply): Promise<void> {
  const parsed = parseMessages(ctx.body.json);
  if ('message' in parsed) {
    await sendError(ctx, 400, { message: parsed.message });
    return;
  }
  const req = parsed;
  const [text = ''] = choiceTexts(reply, 1);
  const stopped = applyStop(composeSegments(text, reply.reasoning, anthropicStyle(reply)), req.stopSequences);
  const capped = applyMaxTokens(stopped.segments, req.maxTokens);
  const blocks = capped.segments;
  let stopSequence: string | null = stopped.matched ?? null;
  let stopReason = stopped.matched !== undefined ? 'stop_sequence' : capped.truncated ? 'max_tokens' : 'end_turn';
  if (reply.finishReason !== undefined) {
    stopReason = reply.finishReason;
    if (stopReason === 'stop_sequence') stopSequence ??= req.stopSequences[0] ?? null;
    else stopSequence = null;
  }
  const chunkSize = Math.max(1, Math.floor(reply.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const steps: Step[] = blocks.flatMap((seg, block) => chunkText(seg.text, chunkSize, seg.breaks).map((piece) => ({ block, kind: seg.kind, text: piece })));
  const id = randomId('msg-');
  const gen = new Generation(ctx.out);

  const emittedText = (emitted: number, block: number): string =>
    steps
      .slice(0, emitted)
      .filter((s) => s.block === block)
      .map((s) => s.text)
      .join('');
  const outputTokens = (emitted: number): number => {
    if (reply.usage) return reply.usage.completion;
    return blocks.reduce((sum, _seg, i) => sum + countTokens(emittedText(emitted, i)), 0);
  };
  const inputTokens = reply.usage ? reply.usage.prompt : req.inputTokens;
  const withUsage = reply.usage !== null;

  if (!req.stream || reply.ignoreStream === true) {
    const { emitted, cause } = await pace(gen, reply, steps, async () => undefined);
    switch (cause) {
      case 'abort':
        return;
      case 'drop':
        ctx.out.destroy('dropped');
        return;
      case 'stall':
        ctx.record.outcome = 'stalled';
        await ctx.out.untilClosed();
        return;
      case 'error':
        ctx.record.outcome = 'stream-error';
        await sendJson(ctx, 500, streamErrorBody(ctx.gateway, { type: reply.errorType ?? 'api_error', message: reply.errorMessage ?? 'Internal server error' }));
        return;
      default:
        break;
    }
    // Key order as in the seed's example (model first).
    const body: Record<string, unknown> = {
      model: req.model,
      id,
      type: 'message',
      role: 'assistant',
      content: blocks.map((seg, i) => {
        const value = emittedText(emitted, i);
        return seg.kind === 'reasoning' ? { type: 'thinking', thinking: value, signature: signatureOf(value) } : { type: 'text', text: value };
      }),
      stop_reason: stopReason,
      stop_sequence: stopSequence,
    };
    if (withUsage) body['usage'] = { input_tokens: inputTokens, output_tokens: outputTokens(emitted) };
    await sendJson(ctx, 200, body);
    return;
  }

  await sendSseHead(ctx, id);
  const message: Record<string, unknown> = { model: req.model, id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null };
  if (withUsage) message['usage'] = { input_tokens: inputTokens, output_tokens: 1 };
  await ctx.out.write(sse.event('message_start', { type: 'message_start', message }));

  const minimal = reply.anthropicMinimal === true;
  const deltaOf = (step: Step): Record<string, string> =>
    step.kind === 'reasoning' ? { type: 'thinking_delta', thinking: step.text } : { type: 'text_delta', text: step.text };
  const blockStart = (i: number): string =>
    sse.event('content_block_start', {
      type: 'content_block_start',
      index: i,
      content_block: blocks[i]?.kind === 'reasoning' ? { type: 'thinking', thinking: '' } : { type: 'text', text: '' },
    });
  const blockStop = async (i: number, emitted: number): Promise<void> => {
    if (blocks[i]?.kind === 'reasoning') {
      const signature = signatureOf(emittedText(emitted, i));
      await ctx.out.write(sse.event('content_block_delta', { type: 'content_block_delta', index: i, delta: { type: 'signature_delta', signature } }));
    }
    await ctx.out.write(sse.event('content_block_stop', { type: 'content_block_stop', index: i }));
  };

  let open = 0; // the block currently open (full sequence)
  if (!minimal) {
    await ctx.out.write(blockStart(0));
    await ctx.out.write(sse.event('ping', { type: 'ping' }));
  }
  const { emitted, cause } = await pace(gen, reply, steps, async (step, i) => {
    if (minimal) {
      await ctx.out.write(sse.event('content_block_delta', { type: 'content_block_delta', delta: deltaOf(step) }));
      return;
    }
    while (open < step.block) {
      await blockStop(open, i);
      open++;
      await ctx.out.write(blockStart(open));
    }
    await ctx.out.write(sse.event('content_block_delta', { type: 'content_block_delta', index: step.block, delta: deltaOf(step) }));
  });
  switch (cause) {
    case 'abort':
      return;
    case 'drop':
      ctx.out.destroy('dropped');
      return;
    case 'stall':
      ctx.record.outcome = 'stalled';
      await ctx.out.untilClosed();
      return;
    case 'error':
      await ctx.out.write(sse.event('error', streamErrorBody(ctx.gateway, { type: reply.errorType, message: reply.errorMessage })));
      await ctx.out.end('stream-error');
      return;
    default:
      break;
  }
  if (minimal) {
    // The seed's example ends its deltas with an empty text_delta before message_stop.
    await ctx.out.write(sse.event('content_block_delta', { type: 'content_block_delta', delta: { type: 'text_delta', text: '' } }));
  } else {
    // Close the open block, and open+close any block that had no text at all (e.g. an empty answer).
    await blockStop(open, emitted);
    while (open < blocks.length - 1) {
      open++;
      await ctx.out.write(blockStart(open));
      await blockStop(open, emitted);
    }
    const delta: Record<string, unknown> = { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence } };
    if (withUsage) delta['usage'] = { output_tokens: outputTokens(emitted) };
    await ctx.out.write(sse.event('message_delta', delta));
  }
  await ctx.out.write(sse.event('message_stop', { type: 'message_stop' }));
  await ctx.out.end(cause === 'suspend' ? 'suspended' : 'completed');
}
