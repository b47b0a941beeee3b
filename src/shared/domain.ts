// The domain vocabulary shared by the core, the faces and the renderer. Zod schemas are the single source:
// the TypeScript types are inferred from them, so validation and typing cannot drift apart.
import { z } from 'zod';

export const idSchema = z.string().min(1).max(200);

export const protocolSchema = z.enum(['openai', 'anthropic']);
export type Protocol = z.infer<typeof protocolSchema>;

export const languageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  language: languageSchema,
  theme: themeSchema,
  fontSize: z.number().int().min(12).max(22),
});
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = { language: 'zh-CN', theme: 'system', fontSize: 15 };

/** Sampling parameters of a conversation or preset. Absent means "let the gateway decide". */
export const chatParamsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  topP: z.number().min(0).max(1).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  stop: z.array(z.string().min(1)).max(16).optional(),
  stream: z.boolean().optional(),
  logprobs: z.number().int().min(0).max(5).optional(),
  n: z.number().int().min(1).max(8).optional(),
  user: z.string().max(256).optional(),
});
export type ChatParams = z.infer<typeof chatParamsSchema>;

export const messageRoleSchema = z.enum(['system', 'user', 'assistant']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export const messageStatusSchema = z.enum(['streaming', 'done', 'error', 'interrupted']);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/** The largest file accepted as an image (before downscaling); szaiai's whole request body is limited to 50 MB. */
export const MAX_IMAGE_INPUT_BYTES = 50 * 1024 * 1024;

export const imagePartSchema = z.object({
  type: z.literal('image'),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type ImagePart = z.infer<typeof imagePartSchema>;

export const messagePartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('reasoning'), text: z.string(), durationMs: z.number().nonnegative().optional() }),
  imagePartSchema,
]);
export type MessagePart = z.infer<typeof messagePartSchema>;

export const usageSchema = z.object({
  promptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative().optional(),
  /** True when the token counts were estimated locally because the gateway sent none. */
  estimated: z.boolean().optional(),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
  durationMs: z.number().nonnegative().optional(),
  tokensPerSecond: z.number().nonnegative().optional(),
  costYuan: z.number().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

export const messageErrorSchema = z.object({
  code: z.string(),
  status: z.number().int().optional(),
  message: z.string(),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

export const logprobTokenSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() })),
});
export type LogprobToken = z.infer<typeof logprobTokenSchema>;

export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  parentId: idSchema.nullable(),
  role: messageRoleSchema,
  parts: z.array(messagePartSchema),
  status: messageStatusSchema,
  error: messageErrorSchema.nullable(),
  usage: usageSchema.nullable(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  finishReason: z.string().nullable(),
  logprobs: z.array(logprobTokenSchema).nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.object({
  id: idSchema,
  title: z.string(),
  systemPrompt: z.string(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  params: chatParamsSchema,
  presetId: z.string().nullable(),
  pinned: z.boolean(),
  archived: z.boolean(),
  /** The leaf of the path the user is looking at; the tree may have other branches. */
  activeLeafId: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const presetSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(100),
  emoji: z.string().max(16),
  systemPrompt: z.string().max(100_000),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  params: chatParamsSchema,
  builtin: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Preset = z.infer<typeof presetSchema>;

export const modelInfoSchema = z.object({
  id: z.string().min(1),
  label: z.string().optional(),
  contextTokens: z.number().int().positive().optional(),
  /** 元 per 1K tokens (prompt and completion alike, as the gateways price them). */
  pricePer1kTokens: z.number().nonnegative().optional(),
  /** 元 per second of processing, for zyinfo's `-t` models. */
  pricePerSecond: z.number().nonnegative().optional(),
  vision: z.boolean().optional(),
  /** Longest image side this model uses (px), when less than the protocols' 2048; images are downscaled to it. */
  maxImageSide: z.number().int().min(64).max(2048).optional(),
  /** Largest encoded image this model accepts (bytes); JPEG quality steps down to fit (default 3.75 MB). */
  maxImageBytes: z.number().int().min(50_000).max(MAX_IMAGE_INPUT_BYTES).optional(),
  note: z.string().optional(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const providerKindSchema = z.enum(['baystone', 'zyinfo', 'szaiai', 'custom']);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** A configured provider as stored (never with a key or openid: those live in the keychain). */
export const providerSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _'),
  kind: providerKindSchema,
  name: z.string().min(1).max(100),
  protocol: protocolSchema,
  baseUrl: z.string().url(),
  /** Gateway-specific, non-secret settings (zyinfo userid/node/AI_system, szaiai endpoint choice, …). */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  models: z.array(modelInfoSchema),
  enabled: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Provider = z.infer<typeof providerSchema>;

export const keyStatusSchema = z.object({
  providerId: z.string(),
  /** Where the credential lives: the OS keychain, this session's memory only, or nowhere. */
  state: z.enum(['keychain', 'session', 'unset']),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;
