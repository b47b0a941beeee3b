// The chat engine: runs turns. A turn builds the context (system prompt, the active path, parameters), streams
// from the provider, persists the growing reply at least every 250 ms, pushes batched deltas (at most one per
// ~16 ms per message) and ends each reply as done | error | interrupted. Replies keep running when the user
// leaves a conversation; only stop() aborts them.
import type { ChatParams, Conversation, Language, Message, MessageError, MessagePart, Provider } from '../../../shared/domain';
import { describeProviderError } from '../../../shared/i18n/providerErrors';
import type { Db } from '../store';
import { attachmentsRepo, conversationsRepo, messagesRepo, providersRepo, settingsRepo } from '../store';
import type { EventHub } from '../events';
import type { SecretStore } from '../secrets/secretStore';
import {
  ProviderError,
  createProviderClient,
  createUsageMeter,
  type ProviderClient,
  type ProviderDeps,
  type ProviderEvent,
} from '../providers';
import { contextFromPath } from './context';
import { addUsage, continuationContext } from './continuation';
import { credentialsFor } from './credentials';
import { ReplyBuffer } from './replyBuffer';
import { Throttle } from './throttle';
import { resolveConversationTarget } from './target';

export class ChatError extends Error {
  constructor(
    readonly code: 'not_found' | 'no_provider' | 'no_model' | 'busy' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

export interface ChatEngineOptions {
  db: Db;
  events: EventHub;
  secrets: SecretStore;
  now: () => number;
  providerDeps?: ProviderDeps;
  /** Persist the growing reply this often (ms). */
  persistIntervalMs?: number;
  /** Push deltas to the faces at most this often per message (ms). */
  pushIntervalMs?: number;
}

export interface TurnHandle {
  conversationId: string;
  userMessageId: string;
  assistantMessageIds: string[];
  /** Resolves when every reply of the turn has ended. */
  done: Promise<Message[]>;
}

interface ActiveTurn {
  controller: AbortController;
  stoppedByUser: boolean;
  provider: Provider;
  client: ProviderClient;
  messageIds: string[];
}

export interface SendInput {
  conversationId: string;
  text: string;
  images?: Array<Extract<MessagePart, { type: 'image' }>>;
  /** Reply to this message instead of the current leaf (edit-and-resend passes the edited message's parent). */
  parentId?: string | null;
}

export class ChatEngine {
  private readonly active = new Map<string, ActiveTurn>();
  private readonly clients = new Map<string, ProviderClient>();
  private readonly persistIntervalMs: number;
  private readonly pushIntervalMs: number;

  constructor(private readonly options: ChatEngineOptions) {
    this.persistIntervalMs = options.persistIntervalMs ?? 200;
    this.pushIntervalMs = options.pushIntervalMs ?? 16;
  }

  /** Sends a user message and starts the reply. */
  send(input: SendInput): TurnHandle {
    const { db, now } = this.options;
    const conversation = conversationsRepo.getConversation(db, input.conversationId);
    const parentId = input.parentId === undefined ? conversation.activeLeafId : input.parentId;
    if (parentId) {
      const parent = messagesRepo.findMessage(db, parentId);
      if (!parent || parent.conversationId !== conversation.id) throw new ChatError('not_found', `Message not found: ${parentId}`);
    }
    const parts: MessagePart[] = [...(input.images ?? []), ...(input.text ? [{ type: 'text' as const, text: input.text }] : [])];
    if (!parts.length) throw new ChatError('invalid', 'A message needs text or an image');
    const { provider, model } = this.resolveTarget(conversation);
    const user = messagesRepo.insertMessage(db, { conversationId: conversation.id, parentId: parentId ?? null, role: 'user', parts, status: 'done' }, now());
    this.autoTitle(conversation, input.text);
    return this.startReplies(conversation, provider, model, user);
  }

  /** A new reply to the same user message, as a sibling of `assistantMessageId`. */
  regenerate(assistantMessageId: string): TurnHandle {
    const { db } = this.options;
    const message = messagesRepo.getMessage(db, assistantMessageId);
    if (message.role !== 'assistant' || !message.parentId) throw new ChatError('invalid', 'Only a reply can be regenerated');
    const conversation = conversationsRepo.getConversation(db, message.conversationId);
    const { provider, model } = this.resolveTarget(conversation);
    return this.startReplies(conversation, provider, model, messagesRepo.getMessage(db, message.parentId));
  }

  /** Edit-and-resend: a new user message beside the edited one (same parent), then its reply. */
  editAndResend(userMessageId: string, text: string): TurnHandle {
    const message = messagesRepo.getMessage(this.options.db, userMessageId);
    if (message.role !== 'user') throw new ChatError('invalid', 'Only a user message can be edited and resent');
    const images = message.parts.filter((part): part is Extract<MessagePart, { type: 'image' }> => part.type === 'image');
    return this.send({ conversationId: message.conversationId, text, images, parentId: message.parentId });
  }

  /** Continues a finished reply in place (for one cut by `length`): same message, same provider and model. */
  continue(assistantMessageId: string): TurnHandle {
    const { db, now, events } = this.options;
    const message = messagesRepo.getMessage(db, assistantMessageId);
    if (message.role !== 'assistant' || !message.parentId) throw new ChatError('invalid', 'Only a reply can be continued');
    if (this.active.has(message.id)) throw new ChatError('busy', 'This reply is still being generated');
    const conversation = conversationsRepo.getConversation(db, message.conversationId);
    const own = message.providerId ? providersRepo.getProvider(db, message.providerId) : undefined;
    const { provider, model } = own && message.model ? { provider: own, model: message.model } : this.resolveTarget(conversation);
    const reopened = messagesRepo.reopenMessage(db, message.id, now());
    const turn: ActiveTurn = { controller: new AbortController(), stoppedByUser: false, provider, client: this.clientFor(provider), messageIds: [message.id] };
    this.active.set(message.id, turn);
    events.emit('chat.status', { messageId: message.id, conversationId: conversation.id, status: 'streaming', error: null, usage: null });
    const user = messagesRepo.getMessage(db, message.parentId);
    const done = this.runTurn(conversation, provider, model, user, turn, message).finally(() => this.active.delete(reopened.id));
    return { conversationId: conversation.id, userMessageId: user.id, assistantMessageIds: [message.id], done };
  }

  /** Stops a streaming reply (and its siblings of the same request), keeping what arrived. */
  async stop(messageId: string): Promise<boolean> {
    const turn = this.active.get(messageId);
    if (!turn) return false;
    turn.stoppedByUser = true;
    turn.controller.abort();
    if (turn.client.stop) {
      // zyinfo also stops server-side; a failure here must not hide that the local stop worked.
      const credentials = await credentialsFor(turn.provider, this.options.secrets);
      await turn.client.stop(turn.provider, credentials).catch(() => undefined);
    }
    return true;
  }

  isStreaming(messageId: string): boolean {
    return this.active.has(messageId);
  }

  /** Aborts every running turn (app quit); their replies end as interrupted. */
  stopAll(): void {
    for (const turn of new Set(this.active.values())) turn.controller.abort();
  }

  private resolveTarget(conversation: Conversation): { provider: Provider; model: string } {
    const { provider, model } = resolveConversationTarget(this.options.db, conversation);
    if (!provider) throw new ChatError('no_provider', 'No provider is configured for this conversation');
    if (!model) throw new ChatError('no_model', `No model is selected for provider ${provider.id}`);
    return { provider, model };
  }

  private autoTitle(conversation: Conversation, text: string): void {
    if (conversation.title) return;
    const firstLine = text.split('\n').find((line) => line.trim())?.trim() ?? '';
    if (!firstLine) return;
    // Marked automatic: core/titles may replace it with a model-generated title once the first reply is done.
    conversationsRepo.setAutomaticTitle(this.options.db, conversation.id, firstLine.slice(0, 60), this.options.now());
    this.options.events.emit('conversations.changed', { conversationId: conversation.id });
  }

  private clientFor(provider: Provider): ProviderClient {
    const key = `${provider.id}:${provider.updatedAt}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createProviderClient(provider, this.options.providerDeps);
      this.clients.set(key, client);
    }
    return client;
  }

  private startReplies(conversation: Conversation, provider: Provider, model: string, user: Message): TurnHandle {
    const { db, now, events } = this.options;
    const choices = Math.max(1, conversation.params.n ?? 1);
    const replies: Message[] = [];
    for (let i = 0; i < choices; i++) {
      replies.push(
        messagesRepo.insertMessage(
          db,
          { conversationId: conversation.id, parentId: user.id, role: 'assistant', parts: [], status: 'streaming', providerId: provider.id, model },
          now(),
        ),
      );
    }
    // The first choice is the one shown; the others are siblings to switch to.
    conversationsRepo.updateConversation(db, conversation.id, { activeLeafId: replies[0]!.id }, now());
    events.emit('conversations.changed', { conversationId: conversation.id });
    const turn: ActiveTurn = {
      controller: new AbortController(),
      stoppedByUser: false,
      provider,
      client: this.clientFor(provider),
      messageIds: replies.map((r) => r.id),
    };
    for (const reply of replies) {
      this.active.set(reply.id, turn);
      events.emit('chat.status', { messageId: reply.id, conversationId: conversation.id, status: 'streaming', error: null, usage: null });
    }
    const done = this.runTurn(conversation, provider, model, user, turn).finally(() => {
      for (const id of turn.messageIds) this.active.delete(id);
    });
    return { conversationId: conversation.id, userMessageId: user.id, assistantMessageIds: turn.messageIds, done };
  }

  /** `continued`: the reply chat.continue grows in place (one choice, its earlier text kept). */
  private async runTurn(conversation: Conversation, provider: Provider, model: string, user: Message, turn: ActiveTurn, continued?: Message): Promise<Message[]> {
    const { db, now, events, secrets } = this.options;
    const buffers = turn.messageIds.map((id) => new ReplyBuffer(id, now));
    if (continued) {
      buffers[0]!.continueFrom(continued.parts);
      buffers[0]!.logprobs.push(...(continued.logprobs ?? []));
    }
    const context = continued
      ? continuationContext(messagesRepo.pathTo(db, continued.id), provider.protocol, settingsRepo.getSettings(db).language)
      : contextFromPath(messagesRepo.pathTo(db, user.id));
    const meter = createUsageMeter({ provider, model, system: conversation.systemPrompt, messages: context, now });
    const params: ChatParams = continued
      ? { ...conversation.params, n: undefined }
      : { ...conversation.params, n: turn.messageIds.length > 1 ? turn.messageIds.length : conversation.params.n };

    const persist = () => {
      if (!db.open) return;
      db.transaction(() => {
        for (const buffer of buffers) {
          if (!buffer.dirty) continue;
          messagesRepo.updateMessageParts(db, buffer.messageId, buffer.parts(), now());
          buffer.dirty = false;
        }
      })();
    };
    const push = () => {
      for (const buffer of buffers) {
        const delta = buffer.takeUnpushed();
        if (delta) events.emit('chat.delta', { messageId: buffer.messageId, conversationId: conversation.id, ...delta });
      }
    };
    // The first delta goes out (and to disk) at once; after that at most one push per pushInterval and one
    // write per persistInterval, so a fast stream costs a bounded number of events and transactions.
    const pushThrottle = new Throttle(this.pushIntervalMs, push);
    const persistThrottle = new Throttle(this.persistIntervalMs, persist);

    let failure: ProviderError | undefined;
    try {
      const credentials = await credentialsFor(provider, secrets);
      const batches = turn.client.streamBatches({
        provider,
        credentials,
        model,
        system: conversation.systemPrompt,
        messages: context,
        params,
        signal: turn.controller.signal,
        loadImage: async (hash) => {
          const info = attachmentsRepo.getAttachmentInfo(db, hash);
          const data = attachmentsRepo.getAttachmentData(db, hash);
          if (!info || !data) throw new ProviderError('bad_request', { message: `Image ${hash.slice(0, 12)} is missing from the store` });
          return { mime: info.mime, data };
        },
      });
      for await (const batch of batches) {
        for (const event of batch) {
          meter.observe(event);
          this.apply(event, buffers);
        }
        pushThrottle.request();
        persistThrottle.request();
      }
    } catch (error) {
      failure = error instanceof ProviderError ? error : new ProviderError('invalid_response', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      // The final state is written by finishMessage below, in the same transaction as the status.
      persistThrottle.cancel();
    }
    // The last delta keeps the cadence too: at most one push per interval per message.
    await pushThrottle.settle();

    // The store was closed under us (app quit): the reply stays `streaming` on disk and is marked
    // interrupted at the next start.
    if (!db.open) return [];
    const usage = continued ? addUsage(continued.usage, meter.finish()) : meter.finish();
    const language = settingsRepo.getSettings(db).language;
    const stopped = turn.stoppedByUser || turn.controller.signal.aborted;
    const finished: Message[] = [];
    db.transaction(() => {
      buffers.forEach((buffer, index) => {
        const status = stopped ? 'interrupted' : failure ? 'error' : 'done';
        const error = !stopped && failure ? messageErrorFrom(failure, language) : null;
        finished.push(
          messagesRepo.finishMessage(
            db,
            buffer.messageId,
            {
              status,
              parts: buffer.parts(),
              error,
              // Usage is per request; with n > 1 it is recorded on the first choice.
              usage: index === 0 ? usage : null,
              finishReason: stopped ? 'stopped' : buffer.finishReason,
              logprobs: buffer.logprobs.length ? buffer.logprobs : null,
            },
            now(),
          ),
        );
      });
    })();
    for (const message of finished) {
      events.emit('chat.status', { messageId: message.id, conversationId: conversation.id, status: message.status, error: message.error, usage: message.usage });
    }
    events.emit('conversations.changed', { conversationId: conversation.id });
    return finished;
  }

  private apply(event: ProviderEvent, buffers: ReplyBuffer[]): void {
    switch (event.type) {
      case 'text':
        buffers[event.choice]?.addText(event.text);
        break;
      case 'reasoning':
        buffers[event.choice]?.addReasoning(event.text);
        break;
      case 'logprobs':
        buffers[event.choice]?.logprobs.push(...event.tokens);
        break;
      case 'finish': {
        const buffer = buffers[event.choice];
        if (buffer) buffer.finishReason = event.reason;
        break;
      }
      case 'relabel':
        buffers[event.choice]?.relabel(event.as);
        break;
      case 'usage':
      case 'retry':
        break;
    }
  }
}

export function messageErrorFrom(error: ProviderError, language: Language): MessageError {
  const advice = describeProviderError(error.code, language);
  const detail = error.gatewayMessage ? ` (${error.gatewayMessage})` : '';
  return { code: error.code, ...(error.status !== undefined ? { status: error.status } : {}), message: `${advice}${detail}` };
}
