// Helpers shared by the protocol adapters.
import type { ImagePart } from '../../../../shared/domain';
import { fitStoredImage } from '../../images/prepare';
import { imageLimitsFor } from '../../images/limits';
import { ProviderError, codeForStatus, gatewayMessageOf } from '../errors';
import type { Segment } from '../reasoningSplitter';
import type { ImageTransport, LoadedImage, ProviderEvent, TurnRequest } from '../types';

/** Finish reasons of both protocols → 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'stop_sequence' | raw. */
export function normalizeFinishReason(raw: string): string {
  switch (raw) {
    case 'stop':
    case 'end_turn':
    case 'eos':
    case 'eos_token':
    case 'pause_turn':
      return 'stop';
    case 'length':
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'content_filter':
    case 'refusal':
    case 'sensitive':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_calls';
    case 'stop_sequence':
      return 'stop_sequence';
    default:
      return raw;
  }
}

/** The default image transport: an inline base64 `data:` URL. */
export const dataUrlTransport: ImageTransport = async (image) =>
  `data:${image.mime};base64,${image.data.toString('base64')}`;

/**
 * The bytes of an image part as this model gets them: stored images are already within the default limits
 * (2048 px); a model whose catalog entry asks for less gets a smaller copy made here (never stored).
 */
export async function loadImage(req: TurnRequest, part: ImagePart): Promise<LoadedImage> {
  if (!req.loadImage) {
    throw new ProviderError('bad_request', { message: 'The message has an image but no image loader was provided' });
  }
  let img: LoadedImage;
  try {
    img = await req.loadImage(part.hash);
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw new ProviderError('bad_request', { message: `An image of this conversation could not be loaded (${part.hash.slice(0, 12)}…)` });
  }
  const loaded = { mime: img.mime || part.mime, data: img.data };
  try {
    return await fitStoredImage({ ...loaded, width: part.width, height: part.height }, imageLimitsFor(req.provider, req.model));
  } catch {
    throw new ProviderError('bad_request', { message: `An image of this conversation could not be prepared for ${req.model} (${part.hash.slice(0, 12)}…)` });
  }
}

/**
 * Refuses a request body larger than the gateway takes (szaiai: 50 MB) before it is sent, with a message that
 * says what to do, instead of a 413 after uploading it.
 */
export function assertBodyWithin(body: unknown, maxBytes: number | undefined, gateway: string): void {
  if (!maxBytes) return;
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size <= maxBytes) return;
  const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  throw new ProviderError('payload_too_large', {
    message: `This request is ${mb(size)} with its images; ${gateway} accepts at most ${mb(maxBytes)}. Send fewer images, or continue in a new conversation.`,
  });
}

/** Whether a response body is JSON rather than an SSE stream (gateways that ignore stream:true). */
export function isJsonResponse(response: Response): boolean {
  const media = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return media.includes('json');
}

/** Reads a JSON body; a body that is not JSON becomes invalid_response. */
export async function readJsonBody(response: Response, secrets: readonly string[]): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError('invalid_response', { gatewayMessage: text.slice(0, 200), secrets });
  }
}

/** A 200 reply whose body is `{error:…}` (some gateways do that): the right ProviderError for it. */
export function errorFromBody(body: unknown, secrets: readonly string[]): ProviderError | null {
  if (!body || typeof body !== 'object') return null;
  const err = (body as Record<string, unknown>)['error'];
  if (err === undefined || err === null || err === false) return null;
  let status: number | undefined;
  if (err && typeof err === 'object') {
    const c = (err as Record<string, unknown>)['code'] ?? (err as Record<string, unknown>)['status'];
    const n = typeof c === 'number' ? c : typeof c === 'string' && /^\d{3}$/.test(c) ? Number(c) : undefined;
    if (n !== undefined && n >= 400 && n < 600) status = n;
  }
  const gatewayMessage = gatewayMessageOf(body);
  return new ProviderError(status !== undefined ? codeForStatus(status) : 'upstream', {
    ...(status !== undefined ? { status } : {}),
    ...(gatewayMessage ? { gatewayMessage } : {}),
    secrets,
  });
}

export function textOf(parts: TurnRequest['messages'][number]['parts']): string {
  return parts
    .filter((p): p is { type: 'text'; text: string } => p.type === 'text')
    .map((p) => p.text)
    .join('\n');
}

/** Appends the events of reasoning-splitter segments for one choice (a loop, not flatMap: it runs for every chunk). */
export function pushSegmentEvents(out: ProviderEvent[], choice: number, segs: Segment[]): void {
  for (const s of segs) {
    if (s.kind === 'relabel') out.push({ type: 'relabel', choice, as: s.as });
    else if (s.text) out.push({ type: s.kind, choice, text: s.text });
  }
}
