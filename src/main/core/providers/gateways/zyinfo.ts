// zyinfo 展映: OpenAI-compatible behind `{node}/llm_api/{openid}/{userid}/{AI_system}/v1`.
// Quirks, all here:
//  - the account is the openid in the URL path (a secret: scrubbed from every error); the API key may be anything;
//  - two nodes: overseas streams, domestic has no native stream → always stream:false there, replayed as events;
//  - AI_system = the model (options.aiSystemInPath=false leaves the segment empty so the body's model decides);
//  - stop = GET {suspendUrl|node/llm_api}/suspend_current_generate?openid=&userid=;
//  - quota = GET {quotaUrl|node/api_user/info}?openid=&type=json;
//  - model table with prices comes from the catalog (no models endpoint); baichuan limited to 60 requests/min;
//  - chat5-v images go through the pluggable ImageTransport: inline data URL by default; options.imageTransport
//    'upload' + options.uploadUrl upload each image first (the seed only links the uploadfile spec), falling back
//    to inline when the upload fails.
import type { ModelInfo, Provider } from '../../../../shared/domain';
import { ZYINFO_MODELS, ZYINFO_NODES, ZYINFO_TEST_ACCOUNT } from '../catalog';
import { ProviderError } from '../errors';
import { uploadImageTransport } from '../protocols/imageTransport';
import { openAIChatTurn, type OpenAIAdapterOptions } from '../protocols/openai';
import type { Gateway, ImageTransport, ProviderCredentials, TurnRequest } from '../types';
import { catalogPlusOwn, implicitReasoningFor, optBool, optNumber, optString, rateLimitRule, secretsOf, sideRequest, trimSlash } from './options';

/** A key is required by the SDK but ignored by zyinfo. */
const PLACEHOLDER_KEY = 'sk-qiao-zyinfo';

/** The node URL (`https://v.stylee.top:8899`); tolerates a pasted `/llm_api` suffix. */
export function zyinfoNode(provider: Provider): string {
  return trimSlash(provider.baseUrl).replace(/\/llm_api$/, '');
}

export function zyinfoUserid(provider: Provider): string {
  return optString(provider, 'userid') ?? ZYINFO_TEST_ACCOUNT.userid;
}

/** Whether the configured node streams: options.nativeStream, else the known node by host, else options.node. */
export function zyinfoNativeStream(provider: Provider): boolean {
  const explicit = provider.options['nativeStream'];
  if (typeof explicit === 'boolean') return explicit;
  let host = '';
  try {
    host = new URL(zyinfoNode(provider)).host;
  } catch {
    /* invalid URL: decided below */
  }
  for (const node of Object.values(ZYINFO_NODES)) {
    if (new URL(node.url).host === host) return node.nativeStream;
  }
  return optString(provider, 'node') !== 'domestic';
}

function requireOpenid(credentials: ProviderCredentials): string {
  const openid = credentials.openid?.trim();
  if (!openid) {
    throw new ProviderError('unauthorized', {
      message: 'No openid is set for zyinfo (the public test account is "test")',
    });
  }
  return openid;
}

/** `{node}/llm_api/{openid}/{userid}/{AI_system}/v1` */
export function zyinfoBaseUrl(provider: Provider, credentials: ProviderCredentials, model: string): string {
  const openid = requireOpenid(credentials);
  const aiSystem = optBool(provider, 'aiSystemInPath', true) ? model : '';
  const seg = encodeURIComponent;
  return `${zyinfoNode(provider)}/llm_api/${seg(openid)}/${seg(zyinfoUserid(provider))}/${seg(aiSystem)}/v1`;
}

function adapterOptions(provider: Provider, credentials: ProviderCredentials, model: string): OpenAIAdapterOptions {
  return {
    baseURL: zyinfoBaseUrl(provider, credentials, model),
    apiKey: credentials.apiKey?.trim() || PLACEHOLDER_KEY,
    streamUsage: optBool(provider, 'streamUsage', false),
    nativeStream: zyinfoNativeStream(provider),
    implicitReasoning: implicitReasoningFor(provider, model),
    secrets: secretsOf(credentials),
  };
}

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

export function zyinfoSuspendUrl(provider: Provider, credentials: ProviderCredentials): string {
  const base = trimSlash(optString(provider, 'suspendUrl') ?? `${zyinfoNode(provider)}/llm_api`);
  const endpoint = base.endsWith('/suspend_current_generate') ? base : `${base}/suspend_current_generate`;
  return withQuery(endpoint, { openid: requireOpenid(credentials), userid: zyinfoUserid(provider) });
}

export function zyinfoQuotaUrl(provider: Provider, credentials: ProviderCredentials): string {
  const base = trimSlash(optString(provider, 'quotaUrl') ?? `${zyinfoNode(provider)}/api_user/info`);
  return withQuery(base, { openid: requireOpenid(credentials), type: 'json' });
}

/**
 * How chat5-v gets its images. options.imageTransport 'upload' with an http(s) options.uploadUrl: each image is
 * POSTed there first (openid and userid in the query, like the gateway's other side endpoints) and the returned
 * URL is sent; otherwise, and whenever the upload fails, `inline` (the data URL transport).
 */
export function zyinfoImageTransport(provider: Provider, credentials: ProviderCredentials, inline: ImageTransport): ImageTransport {
  if (optString(provider, 'imageTransport') !== 'upload') return inline;
  const uploadUrl = optString(provider, 'uploadUrl');
  if (!uploadUrl || !/^https?:\/\//i.test(uploadUrl) || !URL.canParse(uploadUrl)) return inline;
  const url = withQuery(uploadUrl, { openid: requireOpenid(credentials), userid: zyinfoUserid(provider) });
  return uploadImageTransport({ url, fallback: inline, timeoutMs: optNumber(provider, 'uploadTimeoutMs') });
}

export const zyinfoGateway: Gateway = {
  validate(req: TurnRequest) {
    requireOpenid(req.credentials);
  },
  streams(req) {
    return zyinfoNativeStream(req.provider) && req.params.stream !== false;
  },
  attempt(req, ctx) {
    const imageTransport = zyinfoImageTransport(req.provider, req.credentials, ctx.imageTransport);
    return openAIChatTurn(req, { ...ctx, imageTransport }, adapterOptions(req.provider, req.credentials, req.model));
  },
  async listModels(provider): Promise<ModelInfo[]> {
    return catalogPlusOwn(provider, ZYINFO_MODELS);
  },
  async stop(provider, credentials, ctx) {
    const res = await sideRequest(ctx.fetch, zyinfoSuspendUrl(provider, credentials), secretsOf(credentials), undefined, 10_000);
    await res.body?.cancel().catch(() => undefined);
  },
  async quota(provider, credentials, ctx) {
    const res = await sideRequest(ctx.fetch, zyinfoQuotaUrl(provider, credentials), secretsOf(credentials), ctx.signal);
    const text = await res.text();
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
      return { value: json };
    } catch {
      return { raw: text.slice(0, 2000) };
    }
  },
  async testConnection(provider, credentials, ctx) {
    await zyinfoGateway.quota!(provider, credentials, ctx);
    return 'quota';
  },
  rateLimit: rateLimitRule,
};
