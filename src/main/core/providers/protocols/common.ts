// Helpers shared by the protocol adapters.
import { ProviderError, codeForStatus, gatewayMessageOf } from '../errors';
import type { ImageTransport, LoadedImage, TurnRequest } from '../types';

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

export async function loadImage(req: TurnRequest, hash: string, fallbackMime: string): Promise<LoadedImage> {
  if (!req.loadImage) {
    throw new ProviderError('bad_request', { message: 'The message has an image but no image loader was provided' });
  }
  let img: LoadedImage;
  try {
    img = await req.loadImage(hash);
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw new ProviderError('bad_request', { message: `An image of this conversation could not be loaded (${hash.slice(0, 12)}…)` });
  }
  return { mime: img.mime || fallbackMime, data: img.data };
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
