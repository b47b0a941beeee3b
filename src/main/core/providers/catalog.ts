// The built-in catalog: the three gateways of seeds/ (Baystone 英智, zyinfo 展映, szaiai 小艾引擎) and what their
// documents say about models, prices, context sizes and limits. Pure data + lookups; no I/O.
import type { ModelInfo, Protocol, Provider, ProviderKind } from '../../../shared/domain';

export type BuiltinKind = Exclude<ProviderKind, 'custom'>;

export const BAYSTONE_BASE_URL = 'https://api.baystoneai.cn/v1';
export const SZAIAI_BASE_URL = 'https://api1.szaiai.com';

/** zyinfo's two nodes. The overseas one streams; the domestic one has no native stream (we send stream:false). */
export const ZYINFO_NODES = {
  overseas: { url: 'https://v.stylee.top:8899', nativeStream: true },
  domestic: { url: 'https://ai.zyinfo.pro:8882', nativeStream: false },
} as const;
export type ZyinfoNode = keyof typeof ZYINFO_NODES;

/** zyinfo's public test account (openid is normally a secret; this one is published in the gateway's document). */
export const ZYINFO_TEST_ACCOUNT = { openid: 'test', userid: 'test' } as const;

/** The quota endpoint as the seed's example gives it (port 8882 on the domestic host). */
export const ZYINFO_QUOTA_URL = 'https://ai.zyinfo.pro:8882/api_user/info';

const K = 1024;

/** Baystone publishes no model table; these are the models its documents use as examples (fallback for /v1/models). */
export const BAYSTONE_FALLBACK_MODELS: ModelInfo[] = [
  { id: 'deepseek-r1-distill-qwen-14b', label: 'DeepSeek R1 Distill Qwen 14B', note: '推理模型（输出含思考过程）' },
  { id: 'llama-3.1-instruct', label: 'Llama 3.1 Instruct' },
  { id: 'gpt-4', label: 'GPT-4' },
  { id: 'gpt-3.5-turbo', label: 'GPT-3.5 Turbo' },
];

// zyinfo's table names chat5-v as the one model "用于视觉输入处理" (with its uploadfile step); every other row is a
// text model (Llama 2, Mistral, Qwen, Yi, CodeLlama, …), so the table documents them as not seeing images.
function z1k(id: string, label: string, ctxK: number, price: number, note: string): ModelInfo {
  return { id, label, contextTokens: ctxK * K, pricePer1kTokens: price, vision: false, note };
}
function zsec(id: string, label: string, ctxK: number, price: number, note: string): ModelInfo {
  return { id, label, contextTokens: ctxK * K, pricePerSecond: price, vision: false, note };
}

/** zyinfo's whole model table (AI_system, name, context, price per 1K tokens or per second, 中文能力 + 说明). */
export const ZYINFO_MODELS: ModelInfo[] = [
  z1k('gpt-3.5-turbo', 'ChatGPT（测试用，暂不支持）', 4, 0.042, '中文能力：良好。有使用量限制'),
  z1k('llama2-70b', 'LLama2 70B', 4, 0.019, '中文能力：一般。不限量'),
  z1k('qwen', '阿里千问2 72B', 32, 0.04, '中文能力：优秀。不限量'),
  z1k('baichuan', '百川 53B', 4, 0.04, '中文能力：优秀。限量，请求速率最多60个请求/min'),
  z1k('llama2-32k', 'LLAMA2 7B', 32, 0.0042, '中文能力：较差。不限量'),
  z1k(
    'mistral',
    'mistral 7B 语言模型',
    4,
    0.0042,
    '中文能力：一般。不限量，较好的7B 模型。建议内容放到第一个Message信息。该模型不遵循指令输出。',
  ),
  z1k('misins', 'mistral chat 7B', 4, 0.0042, '中文能力：一般。不限量，加入指令微调'),
  z1k('misorca', 'mistral chat +orca 7B', 8, 0.0042, '中文能力：一般。不限量，加入大模型的指令微调，推荐用于逻辑处理环境'),
  z1k('misins-moe', 'Mixtral-8x7B Instruct 专家模型', 32, 0.0084, '中文能力：一般。不限量，用于专家级推理，效果较好'),
  z1k(
    'misins-moe2',
    'Mixtral-8x7B Instruct 专家模型 2',
    32,
    0.0084,
    '中文能力：一般。不限量，第三方微调版本，用于专家级推理，GSM8k效果一般。',
  ),
  {
    ...zsec('chat5-v', '视觉模型 5', 8, 0.015, '中文能力：较好。不限量，用于视觉输入处理。调用前需通过 uploadfile 接口上传图像。'),
    vision: true,
  },
  z1k('deepseek-coder-33b', '编程专家33b', 16, 0.017, '中文能力：优秀。不限量，用于通用的软件编写交互，指令接口'),
  z1k('codellama-34b', 'Code LLama 34b Instruct', 8, 0.017, '中文能力：一般。不限量，用于通用的软件编写交互，指令接口'),
  z1k('codellama-13b', 'Code LLama 13b Instruct', 8, 0.0063, '中文能力：一般。不限量，用于通用的软件编写交互，指令接口'),
  z1k('vicuna-16k', 'vicuna 13b 16k', 16, 0.0063, '中文能力：一般。不限量，用于较长上下文的英文处理'),
  z1k('yi-34b', 'Yi 34b Chat', 4, 0.011, '中文能力：很好。不限量，用于较长上下文的中文处理，较短的输出内容。'),
  z1k('code3', '代码专家模型 AIcoder 34B', 16, 0.011, '中文能力：一般。不限量，用于代码补全'),
  z1k('pycode3', '代码专家模型 AIcoder 34B', 16, 0.012, '中文能力：一般。不限量，用于代码补全，指令微调'),
  zsec('yi-34b-t', 'Yi 34b Chat', 4, 0.019, '中文能力：很好。不限量，用于较长上下文的中文处理，较短的输出内容。'),
  zsec('llama2-70b-t', 'llama2 70b for time fee', 4, 0.019, '中文能力：一般。不限量，用于较长上下文的英文处理，较短的输出内容。'),
  zsec('qwen-14b-t', 'qwen-14b-chat', 8, 0.015, '中文能力：很好。不限量'),
  zsec('orca2-t', 'orca2 13B', 4, 0.015, '中文能力：一般。不限量，较好的输出逻辑'),
  zsec('mistral-t', 'mistral 7B', 8, 0.012, '中文能力：一般。不限量'),
  zsec('misorca-t', 'mistral chat +orca 7B', 8, 0.012, '中文能力：一般。不限量'),
  zsec(
    'misins-moe-t',
    'Mixtral-8x7B Instruct 专家模型',
    32,
    0.019,
    '中文能力：一般。不限量，用于专家级推理，若输出较短内容，成本更低，效果较好',
  ),
  zsec('pycode3-t', 'python 代码专家模型 AIcoder 34b', 16, 0.012, '中文能力：一般。不限量，用于代码补全'),
  zsec('pycode3.1-t', 'python 代码专家模型 AIcoder 34b', 16, 0.016, '中文能力：一般。不限量，用于代码补全'),
  zsec('code3-t', '代码专家模型 AIcoder 34B', 16, 0.01, '中文能力：一般。不限量，用于代码补全'),
  zsec('code3.0-t', '代码专家模型 AIcoder 34B', 16, 0.01, '中文能力：一般。不限量，用于代码补全'),
  zsec('code3.1-t', '代码专家模型 AIcoder 34B', 16, 0.019, '中文能力：一般。不限量，用于代码补全'),
  zsec('code2-t', '代码专家模型 AIcoder 15B', 16, 0.016, '中文能力：一般。不限量，用于代码补全'),
  zsec('code2.1-t', '代码专家模型 AIcoder 15B', 16, 0.016, '中文能力：一般。不限量，用于代码补全'),
  zsec('phi2-t', '小模型 phi 2.7B', 2, 0.0032, '中文能力：一般。不限量'),
];

export const SZAIAI_MODELS: ModelInfo[] = [
  { id: 'xiaoai-chat-v1', label: '小艾 Chat v1', vision: true, note: '单价请联系管理员（按 input + output tokens 计费）' },
];

export interface GatewayCatalogEntry {
  kind: BuiltinKind;
  /** Stable provider id of the built-in row. */
  id: string;
  name: string;
  protocol: Protocol;
  baseUrl: string;
  defaultOptions: Record<string, string | number | boolean>;
  models: ModelInfo[];
  defaultModel: string;
  /** Whole-provider request limit per minute, if the gateway documents one. */
  rateLimitPerMinute?: number;
  /** Per-model request limits per minute. */
  modelRateLimitsPerMinute?: Record<string, number>;
}

export const GATEWAY_CATALOG: Record<BuiltinKind, GatewayCatalogEntry> = {
  baystone: {
    kind: 'baystone',
    id: 'baystone',
    name: '英智 Baystone',
    protocol: 'openai',
    baseUrl: BAYSTONE_BASE_URL,
    defaultOptions: { streamUsage: true },
    models: BAYSTONE_FALLBACK_MODELS,
    defaultModel: 'deepseek-r1-distill-qwen-14b',
  },
  zyinfo: {
    kind: 'zyinfo',
    id: 'zyinfo',
    name: '展映 zyinfo',
    protocol: 'openai',
    baseUrl: ZYINFO_NODES.overseas.url,
    defaultOptions: { node: 'overseas', userid: ZYINFO_TEST_ACCOUNT.userid, quotaUrl: ZYINFO_QUOTA_URL },
    models: ZYINFO_MODELS,
    defaultModel: 'qwen',
    modelRateLimitsPerMinute: { baichuan: 60 },
  },
  szaiai: {
    kind: 'szaiai',
    id: 'szaiai',
    name: '小艾引擎 szaiai',
    protocol: 'anthropic',
    baseUrl: SZAIAI_BASE_URL,
    defaultOptions: { endpoint: 'messages', auth: 'x-api-key' },
    models: SZAIAI_MODELS,
    defaultModel: 'xiaoai-chat-v1',
    rateLimitPerMinute: 60,
  },
};

export const BUILTIN_KINDS: readonly BuiltinKind[] = ['baystone', 'zyinfo', 'szaiai'];

function cloneModels(models: ModelInfo[]): ModelInfo[] {
  return models.map((m) => ({ ...m }));
}

/** The default `Provider` rows for the three built-in gateways (no credentials: those live in the keychain). */
export function defaultProviders(now: number = Date.now()): Provider[] {
  return BUILTIN_KINDS.map((kind) => {
    const e = GATEWAY_CATALOG[kind];
    return {
      id: e.id,
      kind,
      name: e.name,
      protocol: e.protocol,
      baseUrl: e.baseUrl,
      options: { ...e.defaultOptions },
      models: cloneModels(e.models),
      enabled: true,
      createdAt: now,
      updatedAt: now,
    };
  });
}

export interface CustomProviderInput {
  id: string;
  name: string;
  protocol: Protocol;
  baseUrl: string;
  models?: Array<string | ModelInfo>;
  options?: Record<string, string | number | boolean>;
  now?: number;
}

/** A "custom" provider: any OpenAI- or Anthropic-compatible base URL + key + model list. */
export function createCustomProvider(input: CustomProviderInput): Provider {
  const now = input.now ?? Date.now();
  return {
    id: input.id,
    kind: 'custom',
    name: input.name,
    protocol: input.protocol,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    options: { ...(input.protocol === 'openai' ? { streamUsage: true } : { auth: 'x-api-key' }), ...input.options },
    models: (input.models ?? []).map((m) => (typeof m === 'string' ? { id: m } : { ...m })),
    enabled: true,
    createdAt: now,
    updatedAt: now,
  };
}

/** The catalog's models for a kind (empty for custom). */
export function catalogModels(kind: ProviderKind): ModelInfo[] {
  return kind === 'custom' ? [] : cloneModels(GATEWAY_CATALOG[kind].models);
}

/** Model info for a provider's model: the provider row first (the user may edit it), then the catalog. */
export function findModelInfo(provider: Pick<Provider, 'kind' | 'models'>, model: string): ModelInfo | undefined {
  const own = provider.models.find((m) => m.id === model);
  const builtin = provider.kind === 'custom' ? undefined : GATEWAY_CATALOG[provider.kind].models.find((m) => m.id === model);
  if (own && builtin) return { ...builtin, ...own };
  return own ?? builtin;
}

export function modelSupportsVision(provider: Pick<Provider, 'kind' | 'models'>, model: string): boolean {
  return findModelInfo(provider, model)?.vision === true;
}

export function modelContextTokens(provider: Pick<Provider, 'kind' | 'models'>, model: string): number | undefined {
  return findModelInfo(provider, model)?.contextTokens;
}

/** Merges a gateway's live model list with what the catalog knows (prices, context, vision). */
export function mergeModelInfo(kind: ProviderKind, ids: string[]): ModelInfo[] {
  const known = kind === 'custom' ? [] : GATEWAY_CATALOG[kind].models;
  return ids.map((id) => {
    const info = known.find((m) => m.id === id);
    return info ? { ...info } : { id };
  });
}

/** Requests per minute for (provider, model): provider.options.rateLimitPerMinute wins (0 = no limit). */
export function rateLimitPerMinute(provider: Pick<Provider, 'kind' | 'options'>, model: string): { perMinute: number; scope: 'provider' | 'model' } | null {
  const opt = provider.options['rateLimitPerMinute'];
  if (typeof opt === 'number') return opt > 0 ? { perMinute: opt, scope: 'provider' } : null;
  if (provider.kind === 'custom') return null;
  const e = GATEWAY_CATALOG[provider.kind];
  const perModel = e.modelRateLimitsPerMinute?.[model];
  if (perModel) return { perMinute: perModel, scope: 'model' };
  if (e.rateLimitPerMinute) return { perMinute: e.rateLimitPerMinute, scope: 'provider' };
  return null;
}
