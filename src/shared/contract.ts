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
  messageRoleSchema,
  usageSchema,
  messageErrorSchema,
  chatParamsSchema,
  imagePartSchema,
  protocolSchema,
  modelInfoSchema,
  MAX_IMAGE_INPUT_BYTES,
} from './domain';

const none = z.undefined().or(z.object({}).strict());

const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _');
const httpUrlSchema = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');
const optionValueSchema = z.union([z.string().max(2000), z.number(), z.boolean()]);
const turnOutput = z.object({ conversationId: idSchema, userMessageId: idSchema, assistantMessageIds: z.array(idSchema) });
/** An image file's bytes as plain base64 (no `data:` prefix, no line breaks); its size is checked before decoding. */
const imageBase64Schema = z
  .string()
  .min(1, 'the file is empty')
  .max(Math.ceil(MAX_IMAGE_INPUT_BYTES / 3) * 4, { message: `the file is larger than ${MAX_IMAGE_INPUT_BYTES / 1024 / 1024} MB`, abort: true })
  .refine((value) => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value), 'must be plain base64 (A–Z a–z 0–9 + / and = padding only)');
const imageDimensionsSchema = { width: z.number().int().positive(), height: z.number().int().positive(), byteSize: z.number().int().positive() };
const presetFields = {
  name: z.string().trim().min(1).max(100),
  emoji: z.string().trim().max(16),
  systemPrompt: z.string().max(100_000),
  providerId: idSchema.nullable(),
  model: z.string().trim().min(1).max(200).nullable(),
  params: chatParamsSchema,
};

// ---- search, export, import (core/search, core/export) ----
/** A file system path the core may write or read: absolute, so it never depends on a face's working directory. */
const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value) && !value.includes('\0'), 'must be an absolute path');
const snippetSegmentSchema = z.object({ text: z.string(), match: z.boolean() });
const searchResultSchema = z.object({
  conversationId: idSchema,
  /** null when the conversation's title matched. */
  messageId: idSchema.nullable(),
  kind: z.enum(['message', 'title']),
  role: messageRoleSchema.nullable(),
  conversationTitle: z.string(),
  archived: z.boolean(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.number().int(),
  /** Higher is better; comparable within one answer only. */
  score: z.number(),
  /** Plain text segments (never HTML); `match` marks the matched words. */
  snippet: z.array(snippetSegmentSchema),
});

export const contract = {
  'app.info': {
    input: none,
    output: z.object({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      keychain: z.enum(['available', 'unavailable']),
      /** Whether this face has native open/save dialogs (Electron); otherwise the renderer uses file inputs. */
      nativeDialogs: z.boolean(),
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
  'presets.create': {
    input: z
      .object({ ...presetFields, emoji: presetFields.emoji.default(''), systemPrompt: presetFields.systemPrompt.default('') })
      .partial({ providerId: true, model: true, params: true })
      .strict(),
    output: presetSchema,
  },
  /** Built-in presets accept only provider, model and params (their text is refreshed by upgrades). */
  'presets.update': {
    input: z.object({ id: idSchema, ...presetFields }).partial().required({ id: true }).strict(),
    output: presetSchema,
  },
  'presets.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** A user-owned copy of any preset (built-in or not), named "… (copy)" unless `name` is given. */
  'presets.duplicate': {
    input: z.object({ id: idSchema, name: presetFields.name.optional() }).strict(),
    output: presetSchema,
  },
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
  /**
   * Puts a message on the active path: unchanged when it already is on it, else the active leaf becomes the
   * newest leaf below the message (what the version switcher and an opened search hit show).
   */
  'conversations.showMessage': {
    input: z.object({ id: idSchema, messageId: idSchema }).strict(),
    output: conversationSchema,
  },
  'conversations.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  'conversations.setArchived': {
    input: z.object({ id: idSchema, archived: z.boolean() }).strict(),
    output: conversationSchema,
  },
  'messages.list': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: z.array(messageSchema),
  },
  /**
   * The last `limit` messages of the path ending at `leafId` (default: the conversation's active leaf), root
   * first, each with the ids of its siblings (itself included, oldest first) for the version switcher. The chat
   * pane opens with a short tail and walks up in pages: the next page ends at `entries[0].message.parentId`.
   */
  'messages.path': {
    input: z.object({ conversationId: idSchema, leafId: idSchema.optional(), limit: z.number().int().min(1).max(1000) }).strict(),
    output: z.object({
      /** The leaf the path ends at; null for a conversation without messages. */
      leafId: idSchema.nullable(),
      entries: z.array(z.object({ message: messageSchema, siblingIds: z.array(idSchema) })),
      /** Whether older messages remain above `entries[0]`. */
      hasMore: z.boolean(),
    }),
  },
  'messages.get': { input: z.object({ id: idSchema }).strict(), output: messageSchema },
  /** Deletes a message and every reply below it; the conversation's view moves to a surviving branch. */
  'messages.delete': {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative(), conversation: conversationSchema }),
  },
  'chat.send': {
    input: z
      .object({
        conversationId: idSchema,
        text: z.string().max(1_000_000),
        images: z.array(imagePartSchema).max(16).optional(),
        parentId: idSchema.nullable().optional(),
        /** Send images even to a model known not to see them (otherwise a `conflict` error names the vision models). */
        allowNonVision: z.boolean().optional(),
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
  /** Asks the model to go on with a reply that was cut (finish reason `length`); the text grows in place. */
  'chat.continue': { input: z.object({ messageId: idSchema }).strict(), output: turnOutput },
  /**
   * Full-text search over message text (user and assistant, not reasoning) and conversation titles. Chinese works
   * from one character; unquoted words are ANDed, "quoted text" is a phrase; any input is safe (never a syntax error).
   * providerId/model match a reply's own provider/model, and the conversation's for user messages and titles.
   * from/to: creation time in ms, from inclusive, to exclusive.
   */
  'search.query': {
    input: z
      .object({
        query: z.string().max(1000),
        limit: z.number().int().min(1).max(200).default(20),
        conversationId: idSchema.optional(),
        providerId: z.string().min(1).max(64).optional(),
        model: z.string().min(1).max(200).optional(),
        from: z.number().int().nonnegative().optional(),
        to: z.number().int().nonnegative().optional(),
        includeArchived: z.boolean().default(true),
      })
      .strict()
      .refine((input) => input.from === undefined || input.to === undefined || input.from < input.to, 'from must be before to'),
    output: z.object({
      results: z.array(searchResultSchema),
      /** Changes not indexed yet (after a large import); the results may miss them for a moment. */
      pendingIndexing: z.number().int().nonnegative(),
    }),
  },
  /**
   * Writes conversations to files: json (complete, re-importable, images embedded) or md (readable: the path on
   * screen, images as files beside it). One conversation to md: `path` is the .md file; several or all: a directory.
   */
  'export.conversations': {
    input: z
      .object({
        conversationIds: z.array(idSchema).min(1).max(100_000).optional(),
        all: z.literal(true).optional(),
        format: z.enum(['json', 'md']),
        path: absolutePathSchema,
        includeReasoning: z.boolean().default(false),
      })
      .strict()
      .refine((input) => (input.conversationIds === undefined) !== (input.all === undefined), 'give either conversationIds or all: true')
      // Only files of the export's own type: a face can never use an export to overwrite an arbitrary file.
      .refine((input) => input.format !== 'json' || /\.json$/i.test(input.path), { message: 'a JSON export is written to a .json file', path: ['path'] })
      .refine((input) => input.format !== 'md' || input.all === true || (input.conversationIds?.length ?? 0) > 1 || /\.md$/i.test(input.path), {
        message: 'a Markdown export of one conversation is written to a .md file',
        path: ['path'],
      }),
    output: z.object({
      files: z.array(z.string()),
      conversations: z.number().int().nonnegative(),
      messages: z.number().int().nonnegative(),
      images: z.number().int().nonnegative(),
    }),
  },
  /** Imports a JSON export (a file, or its text). All or nothing; ids are kept, so importing twice adds nothing. */
  'import.conversations': {
    input: z.union([
      z.object({ path: absolutePathSchema.refine((value) => /\.json$/i.test(value), 'must be a .json file') }).strict(),
      z.object({ json: z.string().min(1).max(500_000_000) }).strict(),
    ]),
    output: z.object({
      conversationsAdded: z.number().int().nonnegative(),
      conversationsMerged: z.number().int().nonnegative(),
      messagesAdded: z.number().int().nonnegative(),
      imagesAdded: z.number().int().nonnegative(),
    }),
  },
  /**
   * Checks an image file by its bytes, downscales it (longest side ≤ 2048 px, or the model's limit when
   * providerId + model are given), strips its metadata and stores it once; returns the part for chat.send.
   * `name` only labels error messages: the type is judged from the bytes.
   */
  /** Export through the main process's save dialog (the renderer never names a path). */
  'export.toFile': {
    input: z
      .object({
        conversationIds: z.array(idSchema).min(1).max(100_000).optional(),
        all: z.literal(true).optional(),
        format: z.enum(['json', 'md']),
        includeReasoning: z.boolean().default(false),
      })
      .strict()
      .refine((input) => (input.conversationIds === undefined) !== (input.all === undefined), 'give either conversationIds or all: true'),
    output: z.union([
      z.object({ cancelled: z.literal(true) }),
      z.object({ cancelled: z.literal(false), files: z.array(z.string()), conversations: z.number().int(), messages: z.number().int(), images: z.number().int() }),
    ]),
  },
  /** Import a JSON export chosen in the main process's open dialog. */
  'import.fromFile': {
    input: none,
    output: z.union([
      z.object({ cancelled: z.literal(true) }),
      z.object({
        cancelled: z.literal(false),
        conversationsAdded: z.number().int(),
        conversationsMerged: z.number().int(),
        messagesAdded: z.number().int(),
        imagesAdded: z.number().int(),
      }),
    ]),
  },
  /** Import a JSON export the renderer read itself (file input, drag and drop). */
  'import.fromJson': {
    input: z.object({ json: z.string().min(1).max(500_000_000) }).strict(),
    output: z.object({
      conversationsAdded: z.number().int().nonnegative(),
      conversationsMerged: z.number().int().nonnegative(),
      messagesAdded: z.number().int().nonnegative(),
      imagesAdded: z.number().int().nonnegative(),
    }),
  },
  /** Images chosen in the main process's open dialog, ingested like attachments.ingest. */
  'attachments.pick': {
    input: z.object({ providerId: providerIdSchema.optional(), model: z.string().min(1).max(200).optional() }).strict().default({}),
    output: z.object({
      cancelled: z.boolean(),
      images: z.array(z.object({ part: imagePartSchema, name: z.string() })),
      /** Files that were refused, with the reason in the user's language. */
      refused: z.array(z.object({ name: z.string(), message: z.string() })),
    }),
  },
  'attachments.ingest': {
    input: z
      .object({
        name: z.string().trim().min(1).max(255),
        dataBase64: imageBase64Schema,
        providerId: providerIdSchema.optional(),
        model: z.string().trim().min(1).max(200).optional(),
      })
      .strict()
      .refine((input) => (input.providerId === undefined) === (input.model === undefined), 'give providerId and model together'),
    output: z.object({
      part: imagePartSchema,
      ...imageDimensionsSchema,
      original: z.object({ mime: imagePartSchema.shape.mime, ...imageDimensionsSchema }),
    }),
  },
  /** A stored image (history, composer), or a thumbnail of it (WebP, longest side ≤ 256 px). */
  'attachments.get': {
    input: z.object({ hash: imagePartSchema.shape.hash, thumbnail: z.boolean().default(false) }).strict(),
    output: z.object({
      hash: z.string(),
      mime: z.string(),
      dataBase64: z.string(),
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
    }),
  },
  /** Whether a model (or a conversation's current model) can see images, and the provider's vision models. */
  'attachments.checkTarget': {
    input: z.union([
      z.object({ providerId: providerIdSchema, model: z.string().trim().min(1).max(200) }).strict(),
      z.object({ conversationId: idSchema }).strict(),
    ]),
    output: z.object({
      providerId: z.string(),
      model: z.string(),
      /** 'unknown': custom providers and models the catalog does not know; images are sent to them. */
      vision: z.union([z.boolean(), z.literal('unknown')]),
      alternatives: z.array(z.object({ id: z.string(), label: z.string().optional() })),
      maxImageSide: z.number().int().positive(),
      maxImageBytes: z.number().int().positive(),
    }),
  },
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
