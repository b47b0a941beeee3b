// Anthropic Messages over the official `@anthropic-ai/sdk`: `system` top-level, max_tokens required, temperature
// 0–1, stop_sequences, base64 image blocks. The RAW event stream is read (with sseBatches, not MessageStream), so minimal
// gateway sequences (content_block_delta without content_block_start/index) work.
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages';
import { ProviderError } from '../errors';
import { ReasoningSplitter, type Segment } from '../reasoningSplitter';
import type { AttemptContext, ProviderEvent, TurnRequest } from '../types';
import { deferredIterable, sseBatches, singleBatch } from './sse';
import { assertBodyWithin, pushSegmentEvents, errorFromBody, isJsonResponse, loadImage, normalizeFinishReason, readJsonBody } from './common';

export type AnthropicAuth = 'x-api-key' | 'bearer';

export interface AnthropicAdapterOptions {
  /** Base URL without `/v1` (the SDK appends `/v1/messages`). */
  baseURL: string;
  apiKey?: string;
  /** X-Api-Key (default) or Authorization: Bearer. */
  auth: AnthropicAuth;
  /** max_tokens when the conversation sets none (the API requires one). */
  defaultMaxTokens: number;
  secrets: string[];
  headers?: Record<string, string | null>;
  /** The gateway's request body limit (szaiai: 50 MB), checked before sending. */
  bodyLimit?: { bytes: number; gateway: string };
}

export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
const SDK_TIMEOUT_MS = 30 * 60_000;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageMediaType = (typeof IMAGE_TYPES)[number];

export function createAnthropicClient(opts: Pick<AnthropicAdapterOptions, 'baseURL' | 'apiKey' | 'auth' | 'headers'>, fetchImpl: typeof fetch): Anthropic {
  const key = opts.apiKey ?? '';
  // SDK 1.x sends `apiKey` as Authorization: Bearer. For X-Api-Key we set the header ourselves and remove
  // Authorization. Passing an explicit (possibly empty) apiKey keeps the SDK from reading env vars or profiles.
  const authHeaders: Record<string, string | null> =
    opts.auth === 'bearer' ? (key ? {} : { Authorization: null }) : { 'X-Api-Key': key || null, Authorization: null };
  return new Anthropic({
    baseURL: opts.baseURL,
    apiKey: key,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    fetch: fetchImpl,
    logLevel: 'off',
    defaultHeaders: { ...authHeaders, ...opts.headers },
  });
}

/** Rejects what the Messages API cannot do, before anything is sent. */
export function validateAnthropicParams(req: TurnRequest): void {
  const p = req.params;
  if (p.temperature !== undefined && (p.temperature < 0 || p.temperature > 1)) {
    throw new ProviderError('bad_request', {
      message: `Temperature ${p.temperature} is out of range: this gateway (Anthropic Messages) accepts 0–1`,
    });
  }
  if (p.topP !== undefined && (p.topP < 0 || p.topP > 1)) {
    throw new ProviderError('bad_request', { message: `top_p ${p.topP} is out of range (0–1)` });
  }
  if (p.n !== undefined && p.n > 1) {
    throw new ProviderError('bad_request', {
      message: `n=${p.n}: this gateway (Anthropic Messages) returns one reply per request; set n to 1`,
    });
  }
}

export async function buildAnthropicMessages(req: TurnRequest): Promise<MessageParam[]> {
  const out: MessageParam[] = [];
  for (const m of req.messages) {
    const blocks: ContentBlockParam[] = [];
    for (const p of m.parts) {
      if (p.type === 'text') {
        if (p.text) blocks.push({ type: 'text', text: p.text });
      } else if (p.type === 'image') {
        if (m.role !== 'user') continue;
        const img = await loadImage(req, p);
        // The stored bytes decide the media type (the part's is what the renderer claimed when it sent it).
        const media = (IMAGE_TYPES as readonly string[]).includes(img.mime) ? (img.mime as ImageMediaType) : p.mime;
        blocks.push({ type: 'image', source: { type: 'base64', media_type: media, data: img.data.toString('base64') } });
      }
      // reasoning parts are never sent back
    }
    if (!blocks.length) continue;
    const last = out[out.length - 1];
    if (last && last.role === m.role) {
      // The API wants alternating roles: merge consecutive turns of the same role.
      const prev: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
      last.content = [...prev, ...blocks];
      continue;
    }
    const onlyText = blocks.every((b) => b.type === 'text');
    out.push({
      role: m.role,
      content: onlyText ? blocks.map((b) => (b as { text: string }).text).join('\n') : blocks,
    });
  }
  return out;
}

export function buildAnthropicBody(
  req: TurnRequest,
  messages: MessageParam[],
  stream: boolean,
  defaultMaxTokens: number,
): MessageCreateParamsStreaming | MessageCreateParamsNonStreaming {
  const p = req.params;
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: p.maxTokens ?? defaultMaxTokens,
    messages,
    stream,
  };
  if (req.system.trim()) body['system'] = req.system;
  if (p.temperature !== undefined) body['temperature'] = p.temperature;
  if (p.topP !== undefined) body['top_p'] = p.topP;
  if (p.stop && p.stop.length) body['stop_sequences'] = [...p.stop];
  if (p.user) body['metadata'] = { user_id: p.user };
  // frequency/presence penalties, logprobs and n have no Messages equivalent and are not sent.
  return body as unknown as MessageCreateParamsStreaming | MessageCreateParamsNonStreaming;
}

interface UsageAcc {
  input?: number;
  output?: number;
}

function absorbUsage(acc: UsageAcc, u: unknown): void {
  if (!u || typeof u !== 'object') return;
  const o = u as Record<string, unknown>;
  const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  const input = num('input_tokens');
  if (input !== undefined) acc.input = input + (num('cache_creation_input_tokens') ?? 0) + (num('cache_read_input_tokens') ?? 0);
  const output = num('output_tokens');
  if (output !== undefined) acc.output = output;
}

function usageEvent(acc: UsageAcc): ProviderEvent | null {
  if (acc.input === undefined && acc.output === undefined) return null;
  return {
    type: 'usage',
    ...(acc.input !== undefined ? { promptTokens: acc.input } : {}),
    ...(acc.output !== undefined ? { completionTokens: acc.output } : {}),
  };
}

/** Events of a complete (non-streamed) Message. */
export function messageEvents(json: unknown, secrets: readonly string[]): ProviderEvent[] {
  const bodyError = errorFromBody(json, secrets);
  if (bodyError) throw bodyError;
  const msg = json as Partial<Message> | null;
  if (!msg || typeof msg !== 'object' || !Array.isArray(msg.content)) {
    throw new ProviderError('invalid_response', { message: 'The gateway reply has no content', secrets });
  }
  const events: ProviderEvent[] = [];
  const splitter = new ReasoningSplitter();
  const segs: Segment[] = [];
  for (const block of msg.content as unknown as Array<Record<string, unknown>>) {
    if (block['type'] === 'thinking' && typeof block['thinking'] === 'string') {
      splitter.noteNativeReasoning();
      segs.push({ kind: 'reasoning', text: block['thinking'] });
    } else if (block['type'] === 'text' && typeof block['text'] === 'string') {
      segs.push(...splitter.push(block['text']));
    }
  }
  segs.push(...splitter.end());
  pushSegmentEvents(events, 0, segs);
  if (msg.stop_reason) events.push({ type: 'finish', choice: 0, reason: normalizeFinishReason(msg.stop_reason) });
  const acc: UsageAcc = {};
  absorbUsage(acc, msg.usage);
  const u = usageEvent(acc);
  if (u) events.push(u);
  return events;
}

/** Turns raw Messages stream events into ProviderEvents, one at a time (synchronously). */
export class MessageStreamMapper {
  private readonly splitter = new ReasoningSplitter();
  private readonly acc: UsageAcc = {};
  private finished = false;

  push(ev: Record<string, unknown>, out: ProviderEvent[]): void {
    switch (ev['type']) {
      case 'message_start': {
        const m = ev['message'] as Record<string, unknown> | undefined;
        absorbUsage(this.acc, m?.['usage']);
        break;
      }
      case 'content_block_start': {
        const b = ev['content_block'] as Record<string, unknown> | undefined;
        if (b?.['type'] === 'thinking') {
          this.splitter.noteNativeReasoning();
          if (typeof b['thinking'] === 'string' && b['thinking']) out.push({ type: 'reasoning', choice: 0, text: b['thinking'] });
        } else if (b?.['type'] === 'text' && typeof b['text'] === 'string' && b['text']) {
          pushSegmentEvents(out, 0, this.splitter.push(b['text']));
        }
        break;
      }
      case 'content_block_delta': {
        const d = ev['delta'] as Record<string, unknown> | undefined;
        if (!d) break;
        if (d['type'] === 'thinking_delta' && typeof d['thinking'] === 'string') {
          this.splitter.noteNativeReasoning();
          if (d['thinking']) out.push({ type: 'reasoning', choice: 0, text: d['thinking'] });
        } else if ((d['type'] === 'text_delta' || d['type'] === undefined) && typeof d['text'] === 'string') {
          pushSegmentEvents(out, 0, this.splitter.push(d['text']));
        }
        // signature_delta, input_json_delta, citations_delta: nothing to show
        break;
      }
      case 'message_delta': {
        absorbUsage(this.acc, ev['usage']);
        const d = ev['delta'] as Record<string, unknown> | undefined;
        const reason = d?.['stop_reason'];
        if (typeof reason === 'string' && reason && !this.finished) {
          pushSegmentEvents(out, 0, this.splitter.end());
          this.finished = true;
          out.push({ type: 'finish', choice: 0, reason: normalizeFinishReason(reason) });
        }
        break;
      }
      case 'error': {
        // `data: {"type":"error",…}` under a non-"error" event name.
        throw new ProviderError('stream_error', { gatewayMessage: errorText(ev), retryable: false });
      }
      default:
        break;
    }
  }

  /** The stream ended: what the splitter still holds, then the usage. */
  end(out: ProviderEvent[]): void {
    if (!this.finished) pushSegmentEvents(out, 0, this.splitter.end());
    const u = usageEvent(this.acc);
    if (u) out.push(u);
  }
}

/**
 * Events of a Messages event-stream body, a batch per network read. Mirrors the SDK's Stream: `ping` is skipped,
 * `event: error` is a mid-stream error (an APIError, as the SDK throws it). Events are dispatched on their data's
 * `type`, so a gateway that omits the `event:` lines still works.
 */
export function sseMessageEvents(response: Response, onRead?: () => void): AsyncIterable<ProviderEvent[]> {
  if (!response.body) throw new ProviderError('invalid_response', { message: 'The gateway sent an empty stream' });
  const events = new MessageStreamMapper();
  return sseBatches<ProviderEvent>(
    response.body,
    {
      message(message, out) {
        if (message.event === 'ping' || !message.data.trim()) return undefined;
        if (message.event === 'error') {
          let body: unknown = message.data;
          try {
            body = JSON.parse(message.data);
          } catch {
            // not JSON: the text itself is the message
          }
          const type = (body as { error?: { type?: Anthropic.ErrorType } } | null)?.error?.type;
          throw new Anthropic.APIError(undefined, body as object, undefined, response.headers, type ?? null);
        }
        events.push(JSON.parse(message.data) as Record<string, unknown>, out);
        return undefined;
      },
      end: (out) => events.end(out),
    },
    onRead,
  );
}

function errorText(ev: Record<string, unknown>): string {
  const e = ev['error'];
  if (e && typeof e === 'object' && typeof (e as Record<string, unknown>)['message'] === 'string') {
    return (e as Record<string, unknown>)['message'] as string;
  }
  return 'error event';
}

export function anthropicChatTurn(req: TurnRequest, ctx: AttemptContext, opts: AnthropicAdapterOptions): AsyncIterable<ProviderEvent[]> {
  return deferredIterable(async () => {
    const client = createAnthropicClient(opts, ctx.fetch);
    const messages = await buildAnthropicMessages(req);
    const stream = req.params.stream !== false;
    const body = buildAnthropicBody(req, messages, stream, opts.defaultMaxTokens);
    if (opts.bodyLimit) assertBodyWithin(body, opts.bodyLimit.bytes, opts.bodyLimit.gateway);
    if (stream) {
      // The SDK sends the request and turns error statuses into APIErrors; the event stream is read by sseBatches.
      const response = await client.messages.create(body as MessageCreateParamsStreaming, { signal: ctx.signal }).asResponse();
      if (isJsonResponse(response)) return singleBatch(messageEvents(await readJsonBody(response, opts.secrets), opts.secrets));
      return sseMessageEvents(response, ctx.onActivity);
    }
    const data: unknown = await client.messages.create(body as MessageCreateParamsNonStreaming, { signal: ctx.signal });
    if (typeof data === 'string') {
      throw new ProviderError('invalid_response', { message: 'The gateway answered a non-streamed request with a non-JSON body' });
    }
    return singleBatch(messageEvents(data, opts.secrets));
  });
}

/** GET {base}/v1/models (custom Anthropic-compatible gateways that have it). */
export async function listAnthropicModels(
  opts: Pick<AnthropicAdapterOptions, 'baseURL' | 'apiKey' | 'auth' | 'headers'>,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<string[]> {
  const client = createAnthropicClient(opts, fetchImpl);
  const page = await client.models.list({}, signal ? { signal } : undefined);
  return [...new Set((page.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string' && !!id))].sort();
}
