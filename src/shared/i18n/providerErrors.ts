// User-facing explanations of provider errors: what happened and what to do next, zh-CN first.
// No Node or DOM imports: the renderer, the CLI and the core all use this file.

export const providerErrorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'server_error',
  'unavailable',
  'upstream',
  'network',
  'stalled',
  'stream_error',
  'aborted',
  'payload_too_large',
  'invalid_response',
] as const;

export type ProviderErrorCode = (typeof providerErrorCodes)[number];
export type ProviderErrorLanguage = 'zh-CN' | 'en';

export const providerErrorMessages: Record<ProviderErrorCode, Record<ProviderErrorLanguage, string>> = {
  bad_request: {
    'zh-CN': '网关拒绝了这次请求（参数或格式有误）。请检查模型名称和参数（温度、最大 token 数、停止词等）后重试。',
    en: 'The gateway rejected the request (invalid parameters or format). Check the model name and parameters (temperature, max tokens, stop words…) and try again.',
  },
  unauthorized: {
    'zh-CN': 'API Key（或 openid）无效或未设置。请在「设置 → 服务商」中检查并重新填写。',
    en: 'The API key (or openid) is invalid or missing. Check it in Settings → Providers.',
  },
  forbidden: {
    'zh-CN': '没有权限使用该资源：Key 可能已被禁用、过期，或无权访问此模型。请检查账户权限或换用其他模型。',
    en: 'Access denied: the key may be disabled or expired, or not allowed to use this model. Check your account or pick another model.',
  },
  not_found: {
    'zh-CN': '请求的地址或模型不存在。请检查服务商的接口地址和模型名称。',
    en: 'The endpoint or model was not found. Check the provider’s base URL and the model name.',
  },
  rate_limited: {
    'zh-CN': '请求过于频繁，已超出网关的速率限制。请稍等片刻再试，或降低发送频率。',
    en: 'Too many requests: the gateway’s rate limit was reached. Wait a moment and try again, or send less often.',
  },
  server_error: {
    'zh-CN': '网关内部出错。请稍后重试；若持续出现，请联系服务商。',
    en: 'The gateway had an internal error. Try again later; if it keeps happening, contact the provider.',
  },
  unavailable: {
    'zh-CN': '服务暂时不可用，网关可能正在维护。请稍后重试。',
    en: 'The service is temporarily unavailable; the gateway may be under maintenance. Try again later.',
  },
  upstream: {
    'zh-CN': '网关的上游模型服务暂时不可用或超时。请稍后重试，或换用其他模型。',
    en: 'The gateway’s upstream model service is unavailable or timed out. Try again later or use another model.',
  },
  network: {
    'zh-CN': '无法连接到网关，或连接中途断开。请检查网络（代理、防火墙）和接口地址后重试。',
    en: 'Could not reach the gateway, or the connection dropped. Check your network (proxy, firewall) and the base URL, then retry.',
  },
  stalled: {
    'zh-CN': '长时间没有收到任何数据，网络或网关可能卡住了，已中止请求。请重试。',
    en: 'No data arrived for too long; the network or the gateway stalled, so the request was stopped. Please retry.',
  },
  stream_error: {
    'zh-CN': '网关在生成过程中报告了错误，回复可能不完整。请重试。',
    en: 'The gateway reported an error while generating; the reply may be incomplete. Please retry.',
  },
  aborted: {
    'zh-CN': '已停止生成。',
    en: 'Generation stopped.',
  },
  payload_too_large: {
    'zh-CN': '请求内容过大（例如图片太大或对话太长）。请压缩图片、减少附件，或开始一个新对话。',
    en: 'The request is too large (for example a big image or a long conversation). Shrink or remove images, or start a new conversation.',
  },
  invalid_response: {
    'zh-CN': '网关返回了无法识别的内容。请确认接口地址和协议类型（OpenAI / Anthropic）是否正确。',
    en: 'The gateway returned something Qiao could not understand. Check the base URL and the protocol (OpenAI / Anthropic).',
  },
};

export function isProviderErrorCode(code: unknown): code is ProviderErrorCode {
  return typeof code === 'string' && (providerErrorCodes as readonly string[]).includes(code);
}

/** The explanation for a provider error code; unknown codes get the generic gateway-error text. */
export function describeProviderError(code: string, lang: ProviderErrorLanguage = 'zh-CN'): string {
  const entry = isProviderErrorCode(code) ? providerErrorMessages[code] : providerErrorMessages.server_error;
  return entry[lang] ?? entry['zh-CN'];
}
