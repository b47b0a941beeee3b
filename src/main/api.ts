// One handler per contract method. Every face calls `call(method, input)`: the input is validated against the
// contract before any handler runs, so an invalid call returns a typed error and changes nothing.
import { z } from 'zod';
import { contract, type ApiInput, type ApiOutput } from '../shared/contract';
import { apiMethodNames, type ApiMethodName } from '../shared/methods';
import { ApiError, type ApiErrorData, type ApiResult } from '../shared/apiError';
import type { Core } from './core/core';
import { conversationsRepo, messagesRepo, presetsRepo, providersRepo, settingsRepo, NotFoundError } from './core/store';
import { accountFor, KeychainUnavailableError } from './core/secrets/secretStore';
import type { KeyStatus } from '../shared/domain';

type Handlers = { [M in ApiMethodName]: (input: z.output<(typeof contract)[M]['input']>) => Promise<ApiOutput<M>> | ApiOutput<M> };

export interface Api {
  call(method: string, input?: unknown): Promise<ApiResult>;
}

export function createApi(core: Core, options: { version?: string } = {}): Api {
  const { db, secrets, events } = core;

  async function keyStatus(providerId: string, field: 'apiKey' | 'openid' = 'apiKey'): Promise<KeyStatus> {
    return { providerId, state: await secrets.location(accountFor(providerId, field)) };
  }

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'Qiao',
      version: options.version ?? '0.0.0',
      dataDir: core.dataDir,
      schemaVersion: core.schemaVersion,
      keychain: (await secrets.keychainAvailable()) ? 'available' : 'unavailable',
    }),
    'settings.get': () => settingsRepo.getSettings(db),
    'settings.update': (patch) => settingsRepo.updateSettings(db, patch),
    'providers.list': () => providersRepo.listProviders(db),
    'keys.status': ({ providerId }) => keyStatus(providerId),
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
    'conversations.delete': ({ id }) => {
      const deleted = conversationsRepo.deleteConversation(db, id);
      if (deleted) events.emit('conversations.changed', { conversationId: id });
      return { deleted };
    },
    'messages.list': ({ conversationId }) => {
      conversationsRepo.getConversation(db, conversationId);
      return messagesRepo.listMessages(db, conversationId);
    },
  };

  return {
    async call(method, input) {
      if (typeof method !== 'string' || !(apiMethodNames as readonly string[]).includes(method)) {
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
  if (error instanceof KeychainUnavailableError) return { code: 'keychain_unavailable', message: error.message };
  // Internal errors keep their message out of the renderer's reach only when it could hold a secret;
  // store and validation messages are our own text.
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export type { ApiInput, ApiOutput };
