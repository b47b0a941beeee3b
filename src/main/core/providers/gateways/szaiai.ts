// szaiai 小艾引擎: base https://api1.szaiai.com. Anthropic Messages at /v1/messages with X-Api-Key by default;
// OpenAI-compatible /v1/chat/completions as the alternative (options.endpoint: 'messages' | 'chat').
// Quirks: max_tokens required (default 4096), temperature 0–1 on Messages, minimal SSE sequences
// (content_block_delta without content_block_start/index), 60 requests/min, errors {error:{type,message}}.
import type { ModelInfo, Provider } from '../../../../shared/domain';
import { SZAIAI_BASE_URL, SZAIAI_MODELS } from '../catalog';
import {
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  anthropicChatTurn,
  validateAnthropicParams,
  type AnthropicAdapterOptions,
} from '../protocols/anthropic';
import { openAIChatTurn, type OpenAIAdapterOptions } from '../protocols/openai';
import type { Gateway, ProviderCredentials } from '../types';
import { catalogPlusOwn, implicitReasoningFor, optBool, optNumber, optString, rateLimitRule, requireApiKey, secretsOf, trimSlash } from './options';

export type SzaiaiEndpoint = 'messages' | 'chat';

/** "单次请求体大小 50 MB" (seed §9); options.maxRequestBytes overrides. Checked before sending. */
export const SZAIAI_MAX_REQUEST_BYTES = 50 * 1024 * 1024;

function bodyLimit(provider: Provider): { bytes: number; gateway: string } {
  return { bytes: optNumber(provider, 'maxRequestBytes') ?? SZAIAI_MAX_REQUEST_BYTES, gateway: provider.name };
}

export function szaiaiEndpoint(provider: Provider): SzaiaiEndpoint {
  const e = optString(provider, 'endpoint');
  if (e === 'chat' || e === 'messages') return e;
  return provider.protocol === 'openai' ? 'chat' : 'messages';
}

function root(provider: Provider): string {
  return trimSlash(provider.baseUrl || SZAIAI_BASE_URL).replace(/\/v1$/, '');
}

function messagesOptions(provider: Provider, credentials: ProviderCredentials): AnthropicAdapterOptions {
  return {
    baseURL: root(provider),
    ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
    auth: optString(provider, 'auth') === 'bearer' ? 'bearer' : 'x-api-key',
    defaultMaxTokens: optNumber(provider, 'defaultMaxTokens') ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    secrets: secretsOf(credentials),
    bodyLimit: bodyLimit(provider),
  };
}

function chatOptions(provider: Provider, credentials: ProviderCredentials, model: string): OpenAIAdapterOptions {
  return {
    baseURL: `${root(provider)}/v1`,
    ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
    streamUsage: optBool(provider, 'streamUsage', false),
    nativeStream: true,
    implicitReasoning: implicitReasoningFor(provider, model),
    secrets: secretsOf(credentials),
    bodyLimit: bodyLimit(provider),
  };
}

export const szaiaiGateway: Gateway = {
  validate(req) {
    requireApiKey(req);
    if (szaiaiEndpoint(req.provider) === 'messages') validateAnthropicParams(req);
  },
  streams(req) {
    return req.params.stream !== false;
  },
  attempt(req, ctx) {
    return szaiaiEndpoint(req.provider) === 'messages'
      ? anthropicChatTurn(req, ctx, messagesOptions(req.provider, req.credentials))
      : openAIChatTurn(req, ctx, chatOptions(req.provider, req.credentials, req.model));
  },
  async listModels(provider): Promise<ModelInfo[]> {
    return catalogPlusOwn(provider, SZAIAI_MODELS);
  },
  async testConnection(provider, credentials, ctx) {
    // No models endpoint is documented: the smallest possible Messages call (max_tokens 1, not streamed).
    requireApiKey({ credentials });
    const model = provider.models[0]?.id ?? SZAIAI_MODELS[0]!.id;
    const req = {
      provider,
      credentials,
      model,
      system: '',
      messages: [{ role: 'user' as const, parts: [{ type: 'text' as const, text: 'ping' }] }],
      params: { maxTokens: 1, stream: false },
      signal: ctx.signal ?? new AbortController().signal,
    };
    const attempt = szaiaiGateway.attempt(req, {
      fetch: ctx.fetch,
      signal: req.signal,
      onActivity: () => undefined,
      imageTransport: async () => '',
    });
    for await (const _ev of attempt) {
      /* drain */
    }
    return `${szaiaiEndpoint(provider)}: ${model}`;
  },
  rateLimit: rateLimitRule,
};
