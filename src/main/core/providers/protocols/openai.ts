// OpenAI Chat Completions over the official `openai` SDK: request building, streamed and non-streamed replies,
// reasoning separation, logprobs, n>1, usage. Gateway quirks are switched by OpenAIAdapterOptions.
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { ProviderError } from '../errors';
import { ReasoningSplitter, splitReasoning } from '../reasoningSplitter';
import type { AttemptContext, LogprobToken, ProviderEvent, TurnRequest } from '../types';
import { deferredIterable, sseBatches, singleBatch } from './sse';
import { assertBodyWithin, pushSegmentEvents, errorFromBody, isJsonResponse, loadImage, normalizeFinishReason, readJsonBody } from './common';

export interface OpenAIAdapterOptions {
  /** Base URL including `/v1` (the SDK appends `/chat/completions`). */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; absent → no Authorization header. */
  apiKey?: string;
  headers?: Record<string, string | null>;
  /** Add stream_options.include_usage to streamed requests. */
  streamUsage: boolean;
  /** false → the gateway cannot stream: always send stream:false and replay the reply as events. */
  nativeStream: boolean;
  /** Content is reasoning until `</think>` (R1-distill models). */
  implicitReasoning: boolean;
  /** Secrets to scrub from any error text. */
  secrets: string[];
  /** The gateway's request body limit (szaiai: 50 MB), checked before sending. */
  bodyLimit?: { bytes: number; gateway: string };
}

/** SDK timeout: our own stall/first-byte timers decide; this is only a backstop. */
const SDK_TIMEOUT_MS = 30 * 60_000;

export function createOpenAIClient(opts: Pick<OpenAIAdapterOptions, 'baseURL' | 'apiKey' | 'headers'>, fetchImpl: typeof fetch): OpenAI {
  return new OpenAI({
    baseURL: opts.baseURL,
    // The SDK insists on a credential; without one we send none at all (Authorization: null below).
    apiKey: opts.apiKey || 'unused',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    fetch: fetchImpl,
    logLevel: 'off',
    defaultHeaders: { ...(opts.apiKey ? {} : { Authorization: null }), ...opts.headers },
  });
}

/** Builds the `messages` array: system first, reasoning parts dropped, images as `image_url` parts. */
export async function buildOpenAIMessages(req: TurnRequest, ctx: Pick<AttemptContext, 'imageTransport' | 'signal' | 'fetch'>): Promise<ChatCompletionMessageParam[]> {
  const out: ChatCompletionMessageParam[] = [];
  if (req.system.trim()) out.push({ role: 'system', content: req.system });
  for (const m of req.messages) {
    const texts = m.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text);
    const images = m.parts.filter((p) => p.type === 'image');
    if (m.role === 'assistant') {
      const content = texts.join('\n');
      if (content) out.push({ role: 'assistant', content });
      continue;
    }
    if (!images.length) {
      const content = texts.join('\n');
      if (content) out.push({ role: 'user', content });
      continue;
    }
    const content: ChatCompletionContentPart[] = [];
    for (const p of m.parts) {
      if (p.type === 'text') {
        if (p.text) content.push({ type: 'text', text: p.text });
      } else if (p.type === 'image') {
        const img = await loadImage(req, p);
        const url = await ctx.imageTransport(
          { hash: p.hash, mime: img.mime, data: img.data },
          { provider: req.provider, credentials: req.credentials, signal: ctx.signal, fetch: ctx.fetch },
        );
        content.push({ type: 'image_url', image_url: { url } });
      }
    }
    out.push({ role: 'user', content });
  }
  return out;
}

/** Maps ChatParams onto the request body. Only parameters the conversation sets are sent. */
export function buildOpenAIBody(
  req: TurnRequest,
  messages: ChatCompletionMessageParam[],
  stream: boolean,
  streamUsage: boolean,
): ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming {
  const p = req.params;
  const body: Record<string, unknown> = { model: req.model, messages, stream };
  if (p.temperature !== undefined) body['temperature'] = p.temperature;
  if (p.maxTokens !== undefined) body['max_tokens'] = p.maxTokens;
  if (p.topP !== undefined) body['top_p'] = p.topP;
  if (p.frequencyPenalty !== undefined) body['frequency_penalty'] = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) body['presence_penalty'] = p.presencePenalty;
  if (p.stop && p.stop.length) body['stop'] = p.stop.length === 1 ? p.stop[0] : [...p.stop];
  if (p.logprobs !== undefined && p.logprobs > 0) {
    body['logprobs'] = true;
    body['top_logprobs'] = p.logprobs;
  }
  if (p.n !== undefined) body['n'] = p.n;
  if (p.user !== undefined && p.user !== '') body['user'] = p.user;
  if (stream && streamUsage) body['stream_options'] = { include_usage: true };
  return body as unknown as ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming;
}

interface RawLogprob {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: Array<{ token?: unknown; logprob?: unknown }> | null;
}

function mapLogprobs(content: RawLogprob[] | null | undefined): LogprobToken[] {
  if (!Array.isArray(content)) return [];
  return content
    .filter((t) => typeof t.token === 'string' && typeof t.logprob === 'number')
    .map((t) => ({
      token: t.token as string,
      logprob: t.logprob as number,
      top: (t.top_logprobs ?? [])
        .filter((x) => typeof x.token === 'string' && typeof x.logprob === 'number')
        .map((x) => ({ token: x.token as string, logprob: x.logprob as number })),
    }));
}

function reasoningField(o: unknown): string | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  const v = r['reasoning_content'] ?? r['reasoning'];
  return typeof v === 'string' && v ? v : undefined;
}


function usageEvent(u: unknown): ProviderEvent | null {
  if (!u || typeof u !== 'object') return null;
  const o = u as Record<string, unknown>;
  const prompt = typeof o['prompt_tokens'] === 'number' ? o['prompt_tokens'] : undefined;
  const completion = typeof o['completion_tokens'] === 'number' ? o['completion_tokens'] : undefined;
  if (prompt === undefined && completion === undefined) return null;
  return {
    type: 'usage',
    ...(prompt !== undefined ? { promptTokens: prompt } : {}),
    ...(completion !== undefined ? { completionTokens: completion } : {}),
  };
}

/** Events of a complete (non-streamed) chat.completion. */
export function completionEvents(json: unknown, secrets: readonly string[]): ProviderEvent[] {
  const bodyError = errorFromBody(json, secrets);
  if (bodyError) throw bodyError;
  const c = json as Partial<ChatCompletion> | null;
  if (!c || typeof c !== 'object' || !Array.isArray(c.choices)) {
    throw new ProviderError('invalid_response', { message: 'The gateway reply has no choices', secrets });
  }
  const events: ProviderEvent[] = [];
  c.choices.forEach((ch, pos) => {
    const i = typeof ch.index === 'number' ? ch.index : pos;
    const msg = (ch.message ?? {}) as unknown as Record<string, unknown>;
    const native = reasoningField(msg);
    if (native) events.push({ type: 'reasoning', choice: i, text: native });
    const content = typeof msg['content'] === 'string' ? (msg['content'] as string) : '';
    if (content) {
      if (native) {
        const s = new ReasoningSplitter();
        pushSegmentEvents(events, i, [...s.push(content), ...s.end()]);
      } else {
        pushSegmentEvents(events, i, splitReasoning(content));
      }
    }
    const lp = mapLogprobs((ch.logprobs as { content?: RawLogprob[] } | null | undefined)?.content);
    if (lp.length) events.push({ type: 'logprobs', choice: i, tokens: lp });
    if (ch.finish_reason) events.push({ type: 'finish', choice: i, reason: normalizeFinishReason(ch.finish_reason) });
  });
  const u = usageEvent(c.usage);
  if (u) events.push(u);
  return events;
}

/** Turns streamed chat.completion.chunk objects into events, one chunk at a time (synchronously). */
export class ChunkEventMapper {
  private readonly choices = new Map<number, { splitter: ReasoningSplitter; finished: boolean }>();
  private usage: ProviderEvent | null = null;

  constructor(private readonly implicitReasoning: boolean) {}

  private state(i: number) {
    let s = this.choices.get(i);
    if (!s) {
      s = { splitter: new ReasoningSplitter({ implicitReasoning: this.implicitReasoning }), finished: false };
      this.choices.set(i, s);
    }
    return s;
  }

  push(chunk: ChatCompletionChunk, out: ProviderEvent[]): void {
    const u = usageEvent((chunk as { usage?: unknown }).usage);
    if (u) this.usage = u;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (let pos = 0; pos < choices.length; pos++) {
      const ch = choices[pos]!;
      const i = typeof ch.index === 'number' ? ch.index : pos;
      const st = this.state(i);
      const delta = (ch.delta ?? {}) as unknown as Record<string, unknown>;
      const native = reasoningField(delta);
      if (native) {
        st.splitter.noteNativeReasoning();
        out.push({ type: 'reasoning', choice: i, text: native });
      }
      const content = delta['content'];
      if (typeof content === 'string' && content) pushSegmentEvents(out, i, st.splitter.push(content));
      if (ch.logprobs) {
        const lp = mapLogprobs((ch.logprobs as { content?: RawLogprob[] } | null | undefined)?.content);
        if (lp.length) out.push({ type: 'logprobs', choice: i, tokens: lp });
      }
      if (ch.finish_reason && !st.finished) {
        pushSegmentEvents(out, i, st.splitter.end({ truncated: ch.finish_reason === 'length' }));
        st.finished = true;
        out.push({ type: 'finish', choice: i, reason: normalizeFinishReason(ch.finish_reason) });
      }
    }
  }

  /** The stream ended: what the splitters still hold, then the usage. */
  end(out: ProviderEvent[]): void {
    for (const [i, st] of this.choices) {
      if (!st.finished) pushSegmentEvents(out, i, st.splitter.end());
    }
    if (this.usage) out.push(this.usage);
  }
}

/**
 * Events of an OpenAI event-stream body, a batch per network read. Mirrors the SDK's Stream: `[DONE]` ends the
 * reply, a chunk carrying `error` (or an `event: error`) is a mid-stream error, non-JSON data is invalid.
 */
export function sseChunkEvents(response: Response, implicitReasoning: boolean, onRead?: () => void): AsyncIterable<ProviderEvent[]> {
  if (!response.body) throw new ProviderError('invalid_response', { message: 'The gateway sent an empty stream' });
  const chunks = new ChunkEventMapper(implicitReasoning);
  return sseBatches<ProviderEvent>(
    response.body,
    {
      message(message, out) {
        if (message.data.startsWith('[DONE]')) return 'stop';
        // An empty data line is a keep-alive on some gateways, not a chunk.
        if (!message.data.trim()) return undefined;
        const data = JSON.parse(message.data) as unknown;
        if (message.event === 'error' || (data && typeof data === 'object' && (data as { error?: unknown }).error)) {
          const error = (data as { error?: unknown }).error ?? data;
          throw new OpenAI.APIError(undefined, error as object, undefined, response.headers);
        }
        chunks.push(data as ChatCompletionChunk, out);
        return undefined;
      },
      end: (out) => chunks.end(out),
    },
    onRead,
  );
}

/** One attempt of a chat turn. Throws SDK errors / ProviderError; the client loop normalizes and retries. */
export function openAIChatTurn(req: TurnRequest, ctx: AttemptContext, opts: OpenAIAdapterOptions): AsyncIterable<ProviderEvent[]> {
  return deferredIterable(async () => {
    const client = createOpenAIClient(opts, ctx.fetch);
    const messages = await buildOpenAIMessages(req, ctx);
    const stream = opts.nativeStream && req.params.stream !== false;
    const body = buildOpenAIBody(req, messages, stream, opts.streamUsage);
    if (opts.bodyLimit) assertBodyWithin(body, opts.bodyLimit.bytes, opts.bodyLimit.gateway);
    if (stream) {
      // The SDK sends the request and turns error statuses into APIErrors; the event stream is read by sseBatches.
      const response = await client.chat.completions.create(body as ChatCompletionCreateParamsStreaming, { signal: ctx.signal }).asResponse();
      // A JSON answer: the gateway ignored stream:true and sent a whole chat.completion.
      if (isJsonResponse(response)) return singleBatch(completionEvents(await readJsonBody(response, opts.secrets), opts.secrets));
      return sseChunkEvents(response, opts.implicitReasoning, ctx.onActivity);
    }
    const { data, response } = await client.chat.completions
      .create(body as ChatCompletionCreateParamsNonStreaming, { signal: ctx.signal })
      .withResponse();
    // Not JSON: a gateway that streams anyway. Read the SSE text the SDK already took in.
    if (typeof data === 'string') return sseChunkEvents(new Response(data as string, { headers: response.headers }), opts.implicitReasoning);
    return singleBatch(completionEvents(data, opts.secrets));
  });
}

/** GET {base}/models → model ids. */
export async function listOpenAIModels(
  opts: Pick<OpenAIAdapterOptions, 'baseURL' | 'apiKey' | 'headers'>,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<string[]> {
  const client = createOpenAIClient(opts, fetchImpl);
  const page = await client.models.list(signal ? { signal } : undefined);
  const ids = (page.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)].sort();
}
