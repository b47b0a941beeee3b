// The contract: for every method in `methods.ts`, the schema of its input and output.
// `api.ts` validates every input against it; the renderer gets the types from it.
import { z } from 'zod';
import type { ApiEventName, ApiMethodName } from './methods';
import {
  conversationSchema,
  idSchema,
  keyStatusSchema,
  messageSchema,
  presetSchema,
  providerSchema,
  settingsSchema,
  messageStatusSchema,
  usageSchema,
  messageErrorSchema,
  chatParamsSchema,
  imagePartSchema,
  protocolSchema,
  modelInfoSchema,
} from './domain';

const none = z.undefined().or(z.object({}).strict());

const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _');
const httpUrlSchema = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');
const optionValueSchema = z.union([z.string().max(2000), z.number(), z.boolean()]);
const turnOutput = z.object({ conversationId: idSchema, userMessageId: idSchema, assistantMessageIds: z.array(idSchema) });

export const contract = {
  'app.info': {
    input: none,
    output: z.object({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      keychain: z.enum(['available', 'unavailable']),
    }),
  },
  'settings.get': { input: none, output: settingsSchema },
  'settings.update': { input: settingsSchema.partial().strict(), output: settingsSchema },
  'providers.list': { input: none, output: z.array(providerSchema) },
  'providers.add': {
    input: z
      .object({
        id: providerIdSchema,
        name: z.string().trim().min(1).max(100),
        protocol: protocolSchema,
        baseUrl: httpUrlSchema,
        models: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
      })
      .strict(),
    output: providerSchema,
  },
  'providers.update': {
    input: z
      .object({
        id: providerIdSchema,
        name: z.string().trim().min(1).max(100).optional(),
        baseUrl: httpUrlSchema.optional(),
        enabled: z.boolean().optional(),
        /** Merged into the stored options; `null` removes a key. */
        options: z.record(z.string().max(64), optionValueSchema.nullable()).optional(),
        models: z.array(modelInfoSchema).max(500).optional(),
      })
      .strict(),
    output: providerSchema,
  },
  'providers.delete': { input: z.object({ id: providerIdSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  'providers.refreshModels': { input: z.object({ id: providerIdSchema }).strict(), output: providerSchema },
  'providers.quota': { input: z.object({ id: providerIdSchema }).strict(), output: z.record(z.string(), z.unknown()) },
  'providers.test': {
    input: z.object({ id: providerIdSchema }).strict(),
    output: z.object({ ok: z.literal(true), latencyMs: z.number(), detail: z.string() }),
  },
  'keys.status': {
    input: z.object({ providerId: idSchema, field: z.enum(['apiKey', 'openid']).default('apiKey') }).strict(),
    output: keyStatusSchema,
  },
  'keys.set': {
    input: z
      .object({
        providerId: idSchema,
        secret: z.string().trim().min(1).max(4096),
        /** Which credential: the API key (default) or zyinfo's openid. */
        field: z.enum(['apiKey', 'openid']).default('apiKey'),
        /** Keep it in this session's memory only (when the keychain is unreachable and the user agreed). */
        sessionOnly: z.boolean().default(false),
      })
      .strict()
      // An API key travels in an HTTP header, which carries only visible ASCII: catch a pasted full-width
      // character or stray space here, with a clear message, instead of as a cryptic failure at send time.
      .refine((input) => input.field !== 'apiKey' || /^[\x21-\x7e]+$/.test(input.secret), {
        message: 'an API key may contain only visible ASCII characters (no spaces or full-width characters)',
        path: ['secret'],
      }),
    output: keyStatusSchema,
  },
  'keys.delete': {
    input: z.object({ providerId: idSchema, field: z.enum(['apiKey', 'openid']).default('apiKey') }).strict(),
    output: keyStatusSchema,
  },
  'presets.list': { input: none, output: z.array(presetSchema) },
  'conversations.list': {
    input: z
      .object({ includeArchived: z.boolean().default(false), limit: z.number().int().min(1).max(10_000).default(500) })
      .strict()
      .default({ includeArchived: false, limit: 500 }),
    output: z.array(conversationSchema),
  },
  'conversations.get': { input: z.object({ id: idSchema }).strict(), output: conversationSchema },
  'conversations.create': {
    input: z
      .object({
        title: z.string().max(200).optional(),
        presetId: idSchema.optional(),
        providerId: idSchema.optional(),
        model: z.string().min(1).max(200).optional(),
      })
      .strict()
      .default({}),
    output: conversationSchema,
  },
  'conversations.rename': {
    input: z.object({ id: idSchema, title: z.string().trim().min(1).max(200) }).strict(),
    output: conversationSchema,
  },
  'conversations.setPinned': {
    input: z.object({ id: idSchema, pinned: z.boolean() }).strict(),
    output: conversationSchema,
  },
  'conversations.update': {
    input: z
      .object({
        id: idSchema,
        providerId: idSchema.nullable().optional(),
        model: z.string().trim().min(1).max(200).nullable().optional(),
        systemPrompt: z.string().max(100_000).optional(),
        params: chatParamsSchema.optional(),
      })
      .strict(),
    output: conversationSchema,
  },
  'conversations.setActiveLeaf': {
    input: z.object({ id: idSchema, leafId: idSchema }).strict(),
    output: conversationSchema,
  },
  'conversations.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  'messages.list': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: z.array(messageSchema),
  },
  'chat.send': {
    input: z
      .object({
        conversationId: idSchema,
        text: z.string().max(1_000_000),
        images: z.array(imagePartSchema).max(16).optional(),
        parentId: idSchema.nullable().optional(),
      })
      .strict()
      .refine((input) => input.text.trim().length > 0 || (input.images?.length ?? 0) > 0, 'a message needs text or an image'),
    output: turnOutput,
  },
  'chat.regenerate': { input: z.object({ messageId: idSchema }).strict(), output: turnOutput },
  'chat.editAndResend': {
    input: z.object({ messageId: idSchema, text: z.string().min(1).max(1_000_000) }).strict(),
    output: turnOutput,
  },
  'chat.stop': { input: z.object({ messageId: idSchema }).strict(), output: z.object({ stopped: z.boolean() }) },
} as const satisfies Record<ApiMethodName, { input: z.ZodType; output: z.ZodType }>;

export const eventContract = {
  'conversations.changed': z.object({ conversationId: idSchema.nullable() }),
  'chat.delta': z.object({
    messageId: idSchema,
    conversationId: idSchema,
    /** Appended text and reasoning; with `reset`, the whole of both (after the provider relabelled them). */
    text: z.string(),
    reasoning: z.string(),
    reset: z.boolean().optional(),
  }),
  'chat.status': z.object({
    messageId: idSchema,
    conversationId: idSchema,
    status: messageStatusSchema,
    error: messageErrorSchema.nullable(),
    usage: usageSchema.nullable(),
  }),
} as const satisfies Record<ApiEventName, z.ZodType>;

export type ApiInput<M extends ApiMethodName> = z.input<(typeof contract)[M]['input']>;
export type ApiOutput<M extends ApiMethodName> = z.output<(typeof contract)[M]['output']>;
export type ApiEventPayload<E extends ApiEventName> = z.output<(typeof eventContract)[E]>;
