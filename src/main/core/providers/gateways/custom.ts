// Custom providers: any OpenAI- or Anthropic-compatible base URL + key + model list.
// OpenAI: baseUrl includes /v1; Bearer key (optional: local gateways often need none); options.streamUsage (default on).
// Anthropic: baseUrl without /v1 (a trailing /v1 is tolerated); options.auth 'x-api-key' (default) | 'bearer'.
import type { ModelInfo, Provider } from '../../../../shared/domain';
import { toProviderError } from '../errors';
import {
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  anthropicChatTurn,
  listAnthropicModels,
  validateAnthropicParams,
  type AnthropicAdapterOptions,
} from '../protocols/anthropic';
import { listOpenAIModels, openAIChatTurn, type OpenAIAdapterOptions } from '../protocols/openai';
import type { Gateway, ProviderCredentials } from '../types';
import { catalogPlusOwn, implicitReasoningFor, liveModels, optBool, optNumber, optString, rateLimitRule, secretsOf, trimSlash } from './options';

function openaiOptions(provider: Provider, credentials: ProviderCredentials, model: string): OpenAIAdapterOptions {
  return {
    baseURL: trimSlash(provider.baseUrl),
    ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
    streamUsage: optBool(provider, 'streamUsage', true),
    nativeStream: optBool(provider, 'nativeStream', true),
    implicitReasoning: implicitReasoningFor(provider, model),
    secrets: secretsOf(credentials),
  };
}

export function anthropicOptions(provider: Provider, credentials: ProviderCredentials): AnthropicAdapterOptions {
  return {
    baseURL: trimSlash(provider.baseUrl).replace(/\/v1$/, ''),
    ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
    auth: optString(provider, 'auth') === 'bearer' ? 'bearer' : 'x-api-key',
    defaultMaxTokens: optNumber(provider, 'defaultMaxTokens') ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    secrets: secretsOf(credentials),
  };
}

export const customGateway: Gateway = {
  validate(req) {
    if (req.provider.protocol === 'anthropic') validateAnthropicParams(req);
  },
  streams(req) {
    if (req.provider.protocol === 'openai' && !optBool(req.provider, 'nativeStream', true)) return false;
    return req.params.stream !== false;
  },
  attempt(req, ctx) {
    return req.provider.protocol === 'anthropic'
      ? anthropicChatTurn(req, ctx, anthropicOptions(req.provider, req.credentials))
      : openAIChatTurn(req, ctx, openaiOptions(req.provider, req.credentials, req.model));
  },
  async listModels(provider, credentials, ctx): Promise<ModelInfo[]> {
    try {
      const ids =
        provider.protocol === 'anthropic'
          ? await listAnthropicModels(anthropicOptions(provider, credentials), ctx.fetch, ctx.signal)
          : await listOpenAIModels(openaiOptions(provider, credentials, ''), ctx.fetch, ctx.signal);
      if (ids.length) return liveModels(provider, ids);
    } catch (e) {
      const err = toProviderError(e, { secrets: secretsOf(credentials), userAborted: ctx.signal?.aborted ?? false });
      if (err.code === 'unauthorized' || err.code === 'forbidden' || err.code === 'aborted') throw err;
    }
    return catalogPlusOwn(provider, []);
  },
  async testConnection(provider, credentials, ctx) {
    const ids =
      provider.protocol === 'anthropic'
        ? await listAnthropicModels(anthropicOptions(provider, credentials), ctx.fetch, ctx.signal)
        : await listOpenAIModels(openaiOptions(provider, credentials, ''), ctx.fetch, ctx.signal);
    return `models: ${ids.length}`;
  },
  rateLimit: rateLimitRule,
};
