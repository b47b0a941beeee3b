// Baystone 英智: OpenAI-compatible, Bearer key, base https://api.baystoneai.cn/v1.
// Quirks: model list from GET /v1/models with the seed's examples as fallback; stream_options.include_usage is
// tolerated (options.streamUsage, default on); R1-distill models may stream reasoning ending in a lone </think>.
import type { ModelInfo, Provider } from '../../../../shared/domain';
import { BAYSTONE_BASE_URL, BAYSTONE_FALLBACK_MODELS } from '../catalog';
import { ProviderError, toProviderError } from '../errors';
import { listOpenAIModels, openAIChatTurn, type OpenAIAdapterOptions } from '../protocols/openai';
import type { Gateway, ProviderCredentials, TurnRequest } from '../types';
import { catalogPlusOwn, implicitReasoningFor, liveModels, optBool, rateLimitRule, requireApiKey, secretsOf, trimSlash } from './options';

function adapterOptions(provider: Provider, credentials: ProviderCredentials, model: string): OpenAIAdapterOptions {
  return {
    baseURL: trimSlash(provider.baseUrl || BAYSTONE_BASE_URL),
    ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
    streamUsage: optBool(provider, 'streamUsage', true),
    nativeStream: true,
    implicitReasoning: implicitReasoningFor(provider, model),
    secrets: secretsOf(credentials),
  };
}

export const baystoneGateway: Gateway = {
  validate(req: TurnRequest) {
    requireApiKey(req);
  },
  streams(req) {
    return req.params.stream !== false;
  },
  attempt(req, ctx) {
    return openAIChatTurn(req, ctx, adapterOptions(req.provider, req.credentials, req.model));
  },
  async listModels(provider, credentials, ctx): Promise<ModelInfo[]> {
    if (!credentials.apiKey) return catalogPlusOwn(provider, BAYSTONE_FALLBACK_MODELS);
    try {
      const ids = await listOpenAIModels(adapterOptions(provider, credentials, ''), ctx.fetch, ctx.signal);
      if (ids.length) return liveModels(provider, ids);
    } catch (e) {
      const err = toProviderError(e, { secrets: secretsOf(credentials), userAborted: ctx.signal?.aborted ?? false });
      // A wrong key or a stop is news for the user; anything else falls back to the documented examples.
      if (err.code === 'unauthorized' || err.code === 'forbidden' || err.code === 'aborted') throw err;
    }
    return catalogPlusOwn(provider, BAYSTONE_FALLBACK_MODELS);
  },
  async testConnection(provider, credentials, ctx) {
    if (!credentials.apiKey) throw new ProviderError('unauthorized', { message: 'No API key is set for this provider' });
    const ids = await listOpenAIModels(adapterOptions(provider, credentials, ''), ctx.fetch, ctx.signal);
    return `models: ${ids.length}`;
  },
  rateLimit: rateLimitRule,
};
