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
} from './domain';

const none = z.undefined().or(z.object({}).strict());

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
  'keys.status': { input: z.object({ providerId: idSchema }).strict(), output: keyStatusSchema },
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
      .strict(),
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
  'conversations.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  'messages.list': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: z.array(messageSchema),
  },
} as const satisfies Record<ApiMethodName, { input: z.ZodType; output: z.ZodType }>;

export const eventContract = {
  'conversations.changed': z.object({ conversationId: idSchema.nullable() }),
  'chat.delta': z.object({
    messageId: idSchema,
    conversationId: idSchema,
    text: z.string(),
    reasoning: z.string(),
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
