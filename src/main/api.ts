// One handler per contract method. Every face calls `call(method, input)`: the input is validated against the
// contract before any handler runs, so an invalid call returns a typed error and changes nothing.
import { z } from 'zod';
import { contract, type ApiInput, type ApiOutput } from '../shared/contract';
import { allMethodNames, apiMethodNames, type ApiMethodName } from '../shared/methods';
import { ApiError, type ApiErrorData, type ApiResult } from '../shared/apiError';
import type { Core } from './core/core';
import { conversationsRepo, messagesRepo, presetsRepo, providersRepo, settingsRepo, NotFoundError, newId } from './core/store';
import { accountFor, KeychainUnavailableError } from './core/secrets/secretStore';
import type { KeyStatus, Preset, Provider } from '../shared/domain';
import { ChatError, type TurnHandle } from './core/chat/chatEngine';
import { createProviderClient, createCustomProvider, mergeModelInfo, ProviderError, type ProviderDeps } from './core/providers';
import { credentialsFor } from './core/chat/credentials';
import { attachmentHandlers, imagesForSend } from './core/images/apiHandlers';
import { importConversations, ImportError } from './core/export';
import { knownSecrets } from './core/export/knownSecrets';

type Handlers = { [M in ApiMethodName]: (input: z.output<(typeof contract)[M]['input']>) => Promise<ApiOutput<M>> | ApiOutput<M> };

export interface Api {
  call(method: string, input?: unknown): Promise<ApiResult>;
}

/** Native dialogs a face may offer (Electron's main process); paths chosen there never come from a renderer. */
export interface FaceDialogs {
  saveFile(options: { defaultName: string; format: 'json' | 'md'; directory: boolean }): Promise<string | undefined>;
  openFile(options: { extensions: string[] }): Promise<string | undefined>;
  openImages(): Promise<string[]>;
}

export interface ApiOptions {
  version?: string;
  providerDeps?: ProviderDeps;
  /**
   * 'renderer' (Electron IPC, the e2e harness): only the methods window.api offers; path-taking methods are
   * refused. 'trusted' (the CLI, tests): every method.
   */
  face?: 'renderer' | 'trusted';
  dialogs?: FaceDialogs;
}

export function createApi(core: Core, options: ApiOptions = {}): Api {
  const { db, secrets, events } = core;
  const callable: readonly string[] = options.face === 'renderer' ? apiMethodNames : allMethodNames;

  function requireDialogs(): FaceDialogs {
    if (!options.dialogs) throw new ApiError({ code: 'conflict', message: 'This face has no native file dialogs' });
    return options.dialogs;
  }

  const exportTo = async (input: { conversationIds?: string[] | undefined; all?: true | undefined; format: 'json' | 'md'; includeReasoning: boolean }, path: string) =>
    // In the reader worker: a large export's reads, serializing and writes would otherwise share this event loop
    // with streaming replies and every other call.
    core.reader.exportConversations({ ...input, path, language: settingsRepo.getSettings(db).language, secrets: await knownSecrets(db, secrets) });
  const importFrom = (source: { path: string } | { json: string }) => {
    const summary = importConversations(db, source);
    // Imported messages become searchable now, not at the next background pass.
    core.search.indexAll();
    if (summary.conversationsAdded || summary.messagesAdded) events.emit('conversations.changed', { conversationId: null });
    return summary;
  };

  function provider(id: string): Provider {
    const found = providersRepo.getProvider(db, id);
    if (!found) throw new NotFoundError('Provider', id);
    return found;
  }

  async function providerCall<T>(id: string, call: (p: Provider, client: ReturnType<typeof createProviderClient>, credentials: Awaited<ReturnType<typeof credentialsFor>>) => Promise<T>): Promise<T> {
    const p = provider(id);
    return call(p, createProviderClient(p, options.providerDeps), await credentialsFor(p, secrets));
  }

  const attachments = attachmentHandlers(db, core.now);

  const turnOutput = (handle: TurnHandle) => {
    // The turn runs on; its end arrives as chat.status events. Failures are recorded on the reply itself.
    handle.done.catch(() => undefined);
    return { conversationId: handle.conversationId, userMessageId: handle.userMessageId, assistantMessageIds: handle.assistantMessageIds };
  };

  function preset(id: string): Preset {
    const found = presetsRepo.getPreset(db, id);
    if (!found) throw new NotFoundError('Preset', id);
    return found;
  }

  async function keyStatus(providerId: string, field: 'apiKey' | 'openid' = 'apiKey'): Promise<KeyStatus> {
    return { providerId, state: await secrets.location(accountFor(providerId, field)) };
  }

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'Qiao',
      version: options.version ?? '0.0.0',
      dataDir: core.dataDir,
      nativeDialogs: options.dialogs !== undefined,
      schemaVersion: core.schemaVersion,
      keychain: (await secrets.keychainAvailable()) ? 'available' : 'unavailable',
    }),
    'settings.get': () => settingsRepo.getSettings(db),
    'settings.update': (patch) => settingsRepo.updateSettings(db, patch),
    'providers.list': () => providersRepo.listProviders(db),
    'providers.add': ({ id, name, protocol, baseUrl, models }) => {
      if (providersRepo.getProvider(db, id)) throw new ApiError({ code: 'conflict', message: `A provider with id "${id}" already exists` });
      return providersRepo.saveProvider(db, createCustomProvider({ id, name, protocol, baseUrl, models, now: core.now() }));
    },
    'providers.update': ({ id, name, baseUrl, enabled, options: optionPatch, models }) => {
      const current = provider(id);
      const merged: Provider['options'] = { ...current.options };
      for (const [key, value] of Object.entries(optionPatch ?? {})) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      return providersRepo.saveProvider(db, {
        ...current,
        name: name ?? current.name,
        baseUrl: baseUrl ?? current.baseUrl,
        enabled: enabled ?? current.enabled,
        options: merged,
        models: models ?? current.models,
        updatedAt: core.now(),
      });
    },
    'providers.delete': ({ id }) => {
      if (provider(id).kind !== 'custom') throw new ApiError({ code: 'conflict', message: 'Built-in gateways cannot be deleted; disable them instead' });
      return { deleted: providersRepo.deleteProvider(db, id) };
    },
    'providers.refreshModels': ({ id }) =>
      providerCall(id, async (p, client, credentials) => {
        const listed = await client.listModels(p, credentials);
        const models = mergeModelInfo(p.kind, listed.map((m) => m.id)).map((m, i) => ({ ...listed[i], ...m }));
        return providersRepo.saveProvider(db, { ...p, models, updatedAt: core.now() });
      }),
    'providers.quota': ({ id }) =>
      providerCall(id, async (p, client, credentials) => {
        if (!client.quota) throw new ApiError({ code: 'conflict', message: `${p.name} does not report a quota` });
        // The gateway echoes the openid, which is a secret: it never leaves main.
        const { openid: _openid, ...quota } = await client.quota(p, credentials);
        return quota;
      }),
    'providers.test': ({ id }) =>
      providerCall(id, async (p, client, credentials) => {
        if (client.testConnection) return client.testConnection(p, credentials);
        const started = Date.now();
        const models = await client.listModels(p, credentials);
        return { ok: true as const, latencyMs: Date.now() - started, detail: `models: ${models.length}` };
      }),
    'keys.status': ({ providerId, field }) => keyStatus(providerId, field),
    'keys.set': async ({ providerId, secret, field, sessionOnly }) => {
      const account = accountFor(providerId, field);
      if (sessionOnly) secrets.setForSession(account, secret);
      else await secrets.set(account, secret);
      return keyStatus(providerId, field);
    },
    'keys.delete': async ({ providerId, field }) => {
      await secrets.delete(accountFor(providerId, field));
      return keyStatus(providerId, field);
    },
    'presets.list': () => presetsRepo.listPresets(db),
    'presets.create': (input) => {
      if (input.providerId) provider(input.providerId);
      const now = core.now();
      return presetsRepo.savePreset(db, {
        id: `user-${newId(now)}`,
        name: input.name,
        emoji: input.emoji,
        systemPrompt: input.systemPrompt,
        providerId: input.providerId ?? null,
        model: input.model ?? null,
        params: input.params ?? {},
        builtin: false,
        createdAt: now,
        updatedAt: now,
      });
    },
    'presets.update': ({ id, ...patch }) => {
      const current = preset(id);
      if (current.builtin) {
        // Upgrades refresh a built-in preset's text; only its defaults are the user's to change.
        const textChanged = (['name', 'emoji', 'systemPrompt'] as const).some((key) => patch[key] !== undefined && patch[key] !== current[key]);
        if (textChanged) throw new ApiError({ code: 'conflict', message: 'A built-in preset keeps its name and prompt; duplicate it to make your own version' });
      }
      if (patch.providerId) provider(patch.providerId);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      return presetsRepo.savePreset(db, { ...current, ...defined, updatedAt: core.now() });
    },
    'presets.delete': ({ id }) => {
      if (preset(id).builtin) throw new ApiError({ code: 'conflict', message: 'Built-in presets cannot be deleted' });
      return { deleted: presetsRepo.deletePreset(db, id) };
    },
    'presets.duplicate': ({ id, name }) => {
      const source = preset(id);
      const now = core.now();
      const copyName = name ?? `${source.name} (copy)`.slice(0, 100);
      return presetsRepo.savePreset(db, { ...source, id: `user-${newId(now)}`, name: copyName, builtin: false, createdAt: now, updatedAt: now });
    },
    'conversations.list': (input) => conversationsRepo.listConversations(db, input),
    'conversations.get': ({ id }) => conversationsRepo.getConversation(db, id),
    'conversations.create': (input) => {
      const preset = input.presetId ? presetsRepo.getPreset(db, input.presetId) : undefined;
      if (input.presetId && !preset) throw new NotFoundError('Preset', input.presetId);
      const conversation = conversationsRepo.createConversation(
        db,
        {
          title: input.title,
          // A conversation keeps its own copy: editing the preset later never rewrites history.
          systemPrompt: preset?.systemPrompt ?? '',
          providerId: input.providerId ?? preset?.providerId ?? null,
          model: input.model ?? preset?.model ?? null,
          params: preset?.params ?? {},
          presetId: preset?.id ?? null,
        },
        core.now(),
      );
      events.emit('conversations.changed', { conversationId: conversation.id });
      return conversation;
    },
    'conversations.rename': ({ id, title }) => {
      const conversation = conversationsRepo.updateConversation(db, id, { title }, core.now());
      events.emit('conversations.changed', { conversationId: id });
      return conversation;
    },
    'conversations.setPinned': ({ id, pinned }) => {
      const conversation = conversationsRepo.updateConversation(db, id, { pinned }, core.now());
      events.emit('conversations.changed', { conversationId: id });
      return conversation;
    },
    'conversations.update': ({ id, ...patch }) => {
      if (patch.providerId) provider(patch.providerId);
      const conversation = conversationsRepo.updateConversation(db, id, patch, core.now());
      events.emit('conversations.changed', { conversationId: id });
      return conversation;
    },
    'conversations.setActiveLeaf': ({ id, leafId }) => {
      const leaf = messagesRepo.findMessage(db, leafId);
      if (!leaf || leaf.conversationId !== id) throw new NotFoundError('Message', leafId);
      return conversationsRepo.updateConversation(db, id, { activeLeafId: leafId }, core.now());
    },
    'conversations.showMessage': ({ id, messageId }) => {
      const message = messagesRepo.findMessage(db, messageId);
      if (!message || message.conversationId !== id) throw new NotFoundError('Message', messageId);
      const conversation = conversationsRepo.getConversation(db, id);
      if (conversation.activeLeafId && messagesRepo.isOnPathTo(db, conversation.activeLeafId, messageId)) return conversation;
      return conversationsRepo.updateConversation(db, id, { activeLeafId: messagesRepo.newestLeafUnder(db, messageId) }, core.now());
    },
    'conversations.setArchived': ({ id, archived }) => {
      const conversation = conversationsRepo.updateConversation(db, id, { archived }, core.now());
      events.emit('conversations.changed', { conversationId: id });
      return conversation;
    },
    'conversations.delete': ({ id }) => {
      const deleted = conversationsRepo.deleteConversation(db, id);
      if (deleted) events.emit('conversations.changed', { conversationId: id });
      return { deleted };
    },
    'messages.list': ({ conversationId }) => {
      conversationsRepo.getConversation(db, conversationId);
      return messagesRepo.listMessagesInPages(db, conversationId);
    },
    // In the reader worker: a page is up to 1,000 messages read and parsed, work that would otherwise sit on this
    // event loop while replies stream.
    'messages.path': (input) => core.reader.pathPage(input),
    'messages.get': ({ id }) => messagesRepo.getMessage(db, id),
    'messages.delete': ({ id }) => {
      const message = messagesRepo.getMessage(db, id);
      const doomed = messagesRepo.subtreeIds(db, id);
      if (doomed.some((messageId) => core.chat.isStreaming(messageId))) {
        throw new ApiError({ code: 'conflict', message: 'Stop the reply before deleting it' });
      }
      const conversation = db.transaction(() => {
        const before = conversationsRepo.getConversation(db, message.conversationId);
        messagesRepo.deleteMessage(db, id);
        if (!before.activeLeafId || !doomed.includes(before.activeLeafId)) return before;
        // The view was on the deleted branch: move to the newest surviving sibling's branch, else the parent.
        const sibling = messagesRepo
          .listMessages(db, message.conversationId)
          .filter((m) => m.parentId === message.parentId)
          .pop();
        const leaf = sibling ? messagesRepo.newestLeafUnder(db, sibling.id) : message.parentId;
        return conversationsRepo.updateConversation(db, message.conversationId, { activeLeafId: leaf }, core.now());
      })();
      events.emit('conversations.changed', { conversationId: message.conversationId });
      return { deleted: doomed.length, conversation };
    },
    'chat.send': ({ allowNonVision, ...input }) => turnOutput(core.chat.send({ ...input, images: imagesForSend(db, { ...input, allowNonVision }) })),
    'chat.regenerate': ({ messageId }) => turnOutput(core.chat.regenerate(messageId)),
    'chat.editAndResend': ({ messageId, text }) => turnOutput(core.chat.editAndResend(messageId, text)),
    'chat.stop': async ({ messageId }) => ({ stopped: await core.chat.stop(messageId) }),
    'chat.continue': ({ messageId }) => turnOutput(core.chat.continue(messageId)),
    'search.query': (input) => core.search.search(input),
    'export.conversations': ({ path, ...input }) => exportTo(input, path),
    'import.conversations': (input) => importFrom(input),
    'export.toFile': async (input) => {
      const several = input.all === true || (input.conversationIds?.length ?? 0) > 1;
      const directory = input.format === 'md' && several;
      const single = !several ? conversationsRepo.findConversation(db, input.conversationIds![0]!) : undefined;
      const base = safeFileName(single?.title ?? '') || 'qiao-export';
      const chosen = await requireDialogs().saveFile({ defaultName: directory ? base : `${base}.${input.format}`, format: input.format, directory });
      if (!chosen) return { cancelled: true as const };
      // The dialog may return a name without the extension the export needs.
      const path = directory || chosen.toLowerCase().endsWith(`.${input.format}`) ? chosen : `${chosen}.${input.format}`;
      return { cancelled: false as const, ...(await exportTo(input, path)) };
    },
    'import.fromFile': async () => {
      const chosen = await requireDialogs().openFile({ extensions: ['json'] });
      if (!chosen) return { cancelled: true as const };
      return { cancelled: false as const, ...importFrom({ path: chosen }) };
    },
    'import.fromJson': ({ json }) => importFrom({ json }),
    'attachments.pick': async (input) => {
      const files = await requireDialogs().openImages();
      const picked = await attachments.ingestFiles(files, input);
      return { cancelled: files.length === 0, ...picked };
    },
    'attachments.ingest': (input) => attachments.ingest(input),
    'attachments.get': (input) => attachments.get(input),
    'attachments.checkTarget': (input) => attachments.checkTarget(input),
  };

  return {
    async call(method, input) {
      if (typeof method !== 'string' || !callable.includes(method)) {
        return { ok: false, error: { code: 'unknown_method', message: `Unknown API method: ${String(method)}` } };
      }
      const name = method as ApiMethodName;
      const parsed = contract[name].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(name, parsed.error) };
      try {
        const handler = handlers[name] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    },
  };
}

/** A title as a file name: no path separators, reserved characters or control characters. */
function safeFileName(title: string): string {
  const printable = [...title].filter((c) => c.charCodeAt(0) >= 0x20).join('');
  return printable.replace(/[\\/:*?"<>|]+/g, ' ').trim().slice(0, 80);
}

function validationError(method: string, error: z.ZodError): ApiErrorData {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  return {
    code: 'validation',
    message: `Invalid input for ${method}${first ? `: ${first.path || '(input)'} ${first.message}` : ''}`,
    issues,
  };
}

function toErrorData(error: unknown): ApiErrorData {
  if (error instanceof ApiError) return error.toData();
  if (error instanceof NotFoundError) return { code: 'not_found', message: error.message };
  if (error instanceof ImportError) return { code: 'validation', message: error.message };
  if (error instanceof KeychainUnavailableError) return { code: 'keychain_unavailable', message: error.message };
  if (error instanceof ChatError) return { code: error.code === 'not_found' ? 'not_found' : 'conflict', message: error.message };
  // ProviderError messages are scrubbed of keys and openids by construction.
  if (error instanceof ProviderError) return { code: 'provider', message: error.message };
  // Internal errors keep their message out of the renderer's reach only when it could hold a secret;
  // store and validation messages are our own text.
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export type { ApiInput, ApiOutput };
