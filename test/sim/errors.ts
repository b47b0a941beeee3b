// Error bodies, in each gateway's documented shape.
//
// Baystone (baystone-text-models.md §常见错误代码) and zyinfo ("完全兼容 openai"): the OpenAI shape of the seed's
// example, `{"error":{"message":"Invalid API key provided","type":"invalid_request_error","param":null,"code":"401"}}`
// (code is the status as a string, as the seed shows).
//
// szaiai (szaiai-xiaoai-engine.md §5) documents `{"error":{"type":…,"message":…}}`; we also put the Anthropic
// top-level `"type":"error"` so both kinds of readers work. Used for every szaiai endpoint (its document has one
// error format for the whole API), including its OpenAI-compatible chat/completions and embeddings.
import type { SimGateway } from './types';

/** The seed's 错误信息 column (baystone), used as the default message of an injected status. */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  529: 'Overloaded',
};

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error', // as in the seed's "Invalid API key provided" example
  403: 'permission_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** szaiai §5's table (400/401/403/429/502) completed with the Anthropic types for the other statuses. */
const SZAIAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'upstream_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `HTTP ${status}`;
}

export function errorType(gateway: SimGateway, status: number): string {
  if (gateway === 'szaiai') return SZAIAI_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
}

export interface ErrorSpec {
  message?: string;
  type?: string;
  /** OpenAI shape only: the offending parameter. */
  param?: string | null;
}

export function errorBody(gateway: SimGateway, status: number, spec: ErrorSpec = {}): Record<string, unknown> {
  const message = spec.message ?? statusText(status);
  const type = spec.type ?? errorType(gateway, status);
  if (gateway === 'szaiai') return { type: 'error', error: { type, message } };
  return { error: { message, type, param: spec.param ?? null, code: String(status) } };
}

/** The in-stream error of errorAfterChunks. */
export function streamErrorBody(gateway: SimGateway, spec: ErrorSpec = {}): Record<string, unknown> {
  if (gateway === 'szaiai') {
    return { type: 'error', error: { type: spec.type ?? 'overloaded_error', message: spec.message ?? 'Overloaded' } };
  }
  return errorBody(gateway, 500, { message: spec.message ?? 'The server had an error while processing your request.', type: spec.type ?? 'server_error' });
}
