// The provider layer's public API (the chat engine, store and CLI import from here).
export { createProviderClient, watchedFetch, DEFAULT_STALL_TIMEOUT_MS, DEFAULT_NON_STREAM_TIMEOUT_MS } from './client';
export type {
  ConnectionTestResult,
  ContextMessage,
  ImageTransport,
  LoadedImage,
  LogprobToken,
  ProviderClient,
  ProviderCredentials,
  ProviderDeps,
  ProviderEvent,
  TurnRequest,
} from './types';
export {
  ProviderError,
  isProviderError,
  providerErrorCodes,
  scrubSecrets,
  codeForStatus,
  parseRetryAfter,
  toProviderError,
  type ProviderErrorCode,
} from './errors';
export {
  BAYSTONE_BASE_URL,
  BAYSTONE_FALLBACK_MODELS,
  BUILTIN_KINDS,
  GATEWAY_CATALOG,
  SZAIAI_BASE_URL,
  SZAIAI_MODELS,
  ZYINFO_MODELS,
  ZYINFO_NODES,
  ZYINFO_QUOTA_URL,
  ZYINFO_TEST_ACCOUNT,
  catalogModels,
  createCustomProvider,
  defaultProviders,
  findModelInfo,
  mergeModelInfo,
  modelContextTokens,
  modelSupportsVision,
  rateLimitPerMinute,
  type BuiltinKind,
  type CustomProviderInput,
  type GatewayCatalogEntry,
  type ZyinfoNode,
} from './catalog';
export { ReasoningSplitter, splitReasoning, looksLikeReasoningModel, type Segment } from './reasoningSplitter';
export { RateLimiter, sharedRateLimiter } from './rateLimiter';
export { abortableSleep, backoffDelay, retryDelay } from './retry';
export {
  computeCost,
  createUsageMeter,
  estimatePromptTokens,
  estimateTokens,
  usageFromEvents,
  type UsageMeter,
  type UsageMeterOptions,
} from './usage';
export { dataUrlTransport, normalizeFinishReason } from './protocols/common';
