// OpenAI chat/completions (Baystone, zyinfo, szaiai's compatible endpoint): validation, the chat.completion
// object of baystone-text-models.md §3.3, and the chat.completion.chunk stream.
import { streamErrorBody } from './errors';
import { Generation, pace, sse } from './generation';
import { isRecord, sendError, sendJson, sendSseHead, type Ctx } from './http';
import { applyMaxTokens, applyStop, choiceTexts, chunkText, composeSegments, countTokens, DEFAULT_CHUNK_SIZE, logprobsFor, randomId, type ReasoningStyle, type Segment } from './text';
import type { SimReply } from './types';
import { checkNumber, checkType, first, invalid, missing, type Problem } from './validate';

export interface ChatFlavor {
  /** 'chatcmpl-' (OpenAI, Baystone's example) or 'cmpl-' (szaiai §3.2's example). */
  idPrefix: string;
  /** Upper bound of top_logprobs (and of Baystone's integer `logprobs`): 5 on Baystone ("最大支持 5"), 20 elsewhere. */
  maxTopLogprobs: number;
  /** zyinfo domestic node: no native stream, stream:true gets one JSON completion. */
  noNativeStream?: boolean;
  /** zyinfo: the model from the URL's AI_system (body.model then becomes optional). */
  model?: string;
  /** Register the generation (zyinfo suspend); returns the unregister function. */
  track?: (gen: Generation) => () => void;
}

export interface ChatResult {
  model: string;
  promptTokens: number;
  completionTokens: number;
  startedAt: number;
  endedAt: number;
}

interface ChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  n: number;
  maxTokens?: number;
  stop: string[];
  logprobs: boolean;
  topLogprobs: number;
  promptTokens: number;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function checkMessages(messages: unknown): Problem | null {
  if (messages === undefined || messages === null) return missing('openai', 'messages');
  if (!Array.isArray(messages)) return invalid('openai', 'messages', `Invalid type for 'messages': expected an array, but got ${typeof messages} instead.`);
  if (messages.length === 0) return invalid('openai', 'messages', "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
  for (const [i, m] of messages.entries()) {
    const at = `messages[${i}]`;
    if (!isRecord(m)) return invalid('openai', at, `Invalid type for '${at}': expected an object.`);
    if (typeof m['role'] !== 'string' || !ROLES.has(m['role'])) {
      return invalid('openai', `${at}.role`, `Invalid value: '${String(m['role'])}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`);
    }
    const content = m['content'];
    if (content === null || content === undefined) {
      if (m['role'] === 'assistant') continue;
      return missing('openai', `${at}.content`);
    }
    if (typeof content === 'string') continue;
    if (!Array.isArray(content)) return invalid('openai', `${at}.content`, `Invalid type for '${at}.content': expected one of a string or array of objects.`);
    for (const [j, part] of content.entries()) {
      const pat = `${at}.content[${j}]`;
      if (!isRecord(part) || typeof part['type'] !== 'string') return invalid('openai', `${pat}.type`, `Missing required parameter: '${pat}.type'.`);
      if (part['type'] === 'text' && typeof part['text'] !== 'string') return missing('openai', `${pat}.text`);
      if (part['type'] === 'image_url' && !(isRecord(part['image_url']) && typeof part['image_url']['url'] === 'string')) {
        return missing('openai', `${pat}.image_url.url`);
      }
    }
  }
  return null;
}

/** A rough prompt size: content tokens + 3 per message + 3, and 85 per image part. */
function promptTokens(messages: unknown[]): number {
  let total = 3;
  for (const m of messages) {
    total += 3;
    const content = isRecord(m) ? m['content'] : undefined;
    if (typeof content === 'string') total += countTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (!isRecord(part)) continue;
        if (typeof part['text'] === 'string') total += countTokens(part['text']);
        if (part['type'] === 'image_url') total += 85;
      }
    }
  }
  return total;
}

function parseChat(json: unknown, flavor: ChatFlavor): ChatRequest | Problem {
  if (!isRecord(json)) return invalid('openai', 'body', 'The request body must be a JSON object.');
  const b = json;
  const problem = first(
    () => (flavor.model === undefined && (b['model'] === undefined || b['model'] === null) ? missing('openai', 'model') : null),
    () => checkType('openai', b, 'model', 'string'),
    () => (typeof b['model'] === 'string' && b['model'].trim() === '' && flavor.model === undefined ? invalid('openai', 'model', "Invalid 'model': empty string.") : null),
    () => checkMessages(b['messages']),
    () => checkNumber('openai', b, 'temperature', { min: 0, max: 2 }),
    () => checkNumber('openai', b, 'top_p', { min: 0, max: 1 }),
    () => checkNumber('openai', b, 'max_tokens', { min: 1, integer: true }),
    () => checkNumber('openai', b, 'max_completion_tokens', { min: 1, integer: true }),
    () => checkNumber('openai', b, 'frequency_penalty', { min: -2, max: 2 }),
    () => checkNumber('openai', b, 'presence_penalty', { min: -2, max: 2 }),
    () => checkNumber('openai', b, 'n', { min: 1, max: 128, integer: true }),
    () => checkType('openai', b, 'stream', 'boolean'),
    () => checkType('openai', b, 'user', 'string'),
    () => checkType('openai', b, 'stream_options', 'object'),
    () => (isRecord(b['stream_options']) && b['stream'] !== true ? invalid('openai', 'stream_options', "The 'stream_options' parameter is only allowed when 'stream' is enabled.") : null),
    () => {
      const stop = b['stop'];
      if (stop === undefined || stop === null || typeof stop === 'string') return null;
      if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return null;
      return invalid('openai', 'stop', "Invalid type for 'stop': expected a string or an array of strings.");
    },
    () => {
      // Baystone's table: logprobs is an integer (top N, max 5); the OpenAI chat protocol: a boolean.
      const lp = b['logprobs'];
      if (lp === undefined || lp === null || typeof lp === 'boolean') return null;
      return checkNumber('openai', b, 'logprobs', { min: 0, max: flavor.maxTopLogprobs, integer: true });
    },
    () => checkNumber('openai', b, 'top_logprobs', { min: 0, max: flavor.maxTopLogprobs, integer: true }),
    () => {
      const top = b['top_logprobs'];
      const lp = b['logprobs'];
      if (top === undefined || top === null || lp === true || (typeof lp === 'number' && lp > 0)) return null;
      return invalid('openai', 'top_logprobs', "Invalid value for 'top_logprobs': logprobs must be set to true if top_logprobs is used.");
    },
  );
  if (problem) return problem;
  const lp = b['logprobs'];
  const stop = b['stop'];
  const maxTokens = (b['max_completion_tokens'] ?? b['max_tokens']) as number | null | undefined;
  return {
    model: flavor.model || (b['model'] as string),
    stream: b['stream'] === true,
    includeUsage: isRecord(b['stream_options']) && b['stream_options']['include_usage'] === true,
    n: (b['n'] as number | null | undefined) ?? 1,
    maxTokens: maxTokens ?? undefined,
    stop: typeof stop === 'string' ? [stop] : Array.isArray(stop) ? (stop as string[]) : [],
    logprobs: lp === true || (typeof lp === 'number' && lp > 0),
    topLogprobs: (b['top_logprobs'] as number | null | undefined) ?? (typeof lp === 'number' ? lp : 0),
    promptTokens: promptTokens(b['messages'] as unknown[]),
  };
}

/** OpenAI endpoints have no thinking blocks: 'anthropic-thinking' falls back to reasoning_content. */
export function openAiStyle(reply: SimReply): Exclude<ReasoningStyle, 'anthropic-thinking'> {
  const style = reply.reasoningStyle ?? 'reasoning_content';
  return style === 'anthropic-thinking' ? 'reasoning_content' : style;
}

interface Step {
  choice: number;
  kind: Segment['kind'];
  text: string;
}

interface ChoicePlan {
  index: number;
  finish: string;
}

/** Deltas of every choice, interleaved by index (choice 0 delta 0, choice 1 delta 0, choice 0 delta 1, …). */
function interleave(perChoice: Step[][]): Step[] {
  const out: Step[] = [];
  const longest = Math.max(0, ...perChoice.map((s) => s.length));
  for (let j = 0; j < longest; j++) for (const steps of perChoice) if (steps[j]) out.push(steps[j]!);
  return out;
}

export async function handleChatCompletions(ctx: Ctx, reply: SimReply, flavor: ChatFlavor): Promise<ChatResult | null> {
  const startedAt = Date.now();
  const parsed = parseChat(ctx.body.json, flavor);
  if ('message' in parsed) {
    await sendError(ctx, 400, { message: parsed.message, param: parsed.param });
    return null;
  }
  const req = parsed;
  const style = openAiStyle(reply);
  const reasoningField = style === 'reasoning' ? 'reasoning' : 'reasoning_content';
  const chunkSize = Math.max(1, Math.floor(reply.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const plans: ChoicePlan[] = [];
  const perChoice: Step[][] = [];
  choiceTexts(reply, req.n).forEach((text, index) => {
    const stopped = applyStop(composeSegments(text, reply.reasoning, style), req.stop);
    const capped = applyMaxTokens(stopped.segments, req.maxTokens);
    plans.push({ index, finish: reply.finishReason ?? (capped.truncated ? 'length' : 'stop') });
    perChoice.push(capped.segments.flatMap((seg) => chunkText(seg.text, chunkSize, seg.breaks).map((piece) => ({ choice: index, kind: seg.kind, text: piece }))));
  });
  const steps = interleave(perChoice);
  const wantLogprobs = reply.logprobs === true || req.logprobs;
  const id = randomId(flavor.idPrefix);
  const created = Math.floor(startedAt / 1000);
  const streaming = req.stream && reply.ignoreStream !== true && flavor.noNativeStream !== true;

  const gen = new Generation(ctx.out);
  const untrack = flavor.track?.(gen);
  try {
    const textOf = (emitted: number, choice: number, kind: Segment['kind']): string =>
      steps
        .slice(0, emitted)
        .filter((s) => s.choice === choice && s.kind === kind)
        .map((s) => s.text)
        .join('');
    const usageFor = (emitted: number): Record<string, unknown> | null => {
      if (reply.usage === null) return null;
      if (reply.usage) return { prompt_tokens: reply.usage.prompt, completion_tokens: reply.usage.completion, total_tokens: reply.usage.prompt + reply.usage.completion };
      let completion = 0;
      let reasoning = 0;
      for (const plan of plans) {
        const r = countTokens(textOf(emitted, plan.index, 'reasoning'));
        reasoning += r;
        completion += r + countTokens(textOf(emitted, plan.index, 'content'));
      }
      const usage: Record<string, unknown> = { prompt_tokens: req.promptTokens, completion_tokens: completion, total_tokens: req.promptTokens + completion };
      if (reasoning > 0) usage['completion_tokens_details'] = { reasoning_tokens: reasoning };
      return usage;
    };
    const result = (emitted: number): ChatResult => {
      const usage = usageFor(emitted);
      return {
        model: req.model,
        promptTokens: typeof usage?.['prompt_tokens'] === 'number' ? usage['prompt_tokens'] : 0,
        completionTokens: typeof usage?.['completion_tokens'] === 'number' ? usage['completion_tokens'] : 0,
        startedAt,
        endedAt: Date.now(),
      };
    };

    if (!streaming) {
      const { emitted, cause } = await pace(gen, reply, steps, async () => undefined);
      if (cause === 'abort') return null;
      if (cause === 'drop') {
        ctx.out.destroy('dropped');
        return null;
      }
      if (cause === 'stall') {
        ctx.record.outcome = 'stalled';
        await ctx.out.untilClosed();
        return null;
      }
      if (cause === 'error') {
        ctx.record.outcome = 'stream-error';
        const body = streamErrorBody(ctx.gateway, { type: reply.errorType, message: reply.errorMessage });
        await sendJson(ctx, 500, body);
        return null;
      }
      if (cause === 'suspend') ctx.record.outcome = 'suspended';
      const usage = usageFor(emitted);
      const body: Record<string, unknown> = {
        id,
        object: 'chat.completion',
        created,
        model: req.model,
        choices: plans.map((plan) => {
          const content = textOf(emitted, plan.index, 'content');
          const reasoning = textOf(emitted, plan.index, 'reasoning');
          const message: Record<string, unknown> = { role: 'assistant', content };
          if (reasoning !== '') message[reasoningField] = reasoning;
          return {
            index: plan.index,
            message,
            logprobs: wantLogprobs ? { content: logprobsFor(content, req.topLogprobs), refusal: null } : null,
            finish_reason: cause === 'suspend' ? 'stop' : plan.finish,
          };
        }),
      };
      if (usage) body['usage'] = usage;
      await sendJson(ctx, 200, body);
      return result(emitted);
    }

    await sendSseHead(ctx, id);
    const frame = (choices: unknown[]): string =>
      sse.data({ id, object: 'chat.completion.chunk', created, model: req.model, choices, ...(req.includeUsage ? { usage: null } : {}) });
    for (const plan of plans) {
      await ctx.out.write(frame([{ index: plan.index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
    }
    const { emitted, cause } = await pace(gen, reply, steps, async (step) => {
      const delta = step.kind === 'content' ? { content: step.text } : { content: null, [reasoningField]: step.text };
      const logprobs = wantLogprobs && step.kind === 'content' ? { content: logprobsFor(step.text, req.topLogprobs), refusal: null } : null;
      await ctx.out.write(frame([{ index: step.choice, delta, logprobs, finish_reason: null }]));
    });
    switch (cause) {
      case 'abort':
        return null;
      case 'drop':
        ctx.out.destroy('dropped');
        return null;
      case 'stall':
        ctx.record.outcome = 'stalled';
        await ctx.out.untilClosed();
        return null;
      case 'error':
        await ctx.out.write(sse.data(streamErrorBody(ctx.gateway, { type: reply.errorType, message: reply.errorMessage })));
        await ctx.out.end('stream-error');
        return null;
      default: {
        // 'end' or 'suspend'
        for (const plan of plans) {
          await ctx.out.write(frame([{ index: plan.index, delta: {}, logprobs: null, finish_reason: cause === 'suspend' ? 'stop' : plan.finish }]));
        }
        const usage = usageFor(emitted);
        // Sent when asked (stream_options.include_usage) and also by default, as many gateways do.
        if (usage) await ctx.out.write(sse.data({ id, object: 'chat.completion.chunk', created, model: req.model, choices: [], usage }));
        await ctx.out.write(sse.done);
        await ctx.out.end(cause === 'suspend' ? 'suspended' : 'completed');
        return result(emitted);
      }
    }
  } finally {
    untrack?.();
  }
}
