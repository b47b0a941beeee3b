// The text of replies that are still streaming, fed by chat.delta / chat.status for every conversation (so a
// reply keeps growing while the user looks elsewhere). Deltas are applied at most once per animation frame and
// only the rows of the changed messages are told; the rest of the history never re-renders for a delta.
import type { MessageError, MessageStatus, Usage } from '../../../shared/domain';
import type { QiaoApi } from '../../../shared/bridge';
import { appendAfterOverlap } from './overlap';
import { GrowingText } from './growingText';

export interface LiveReply {
  text: string;
  reasoning: string;
  status: MessageStatus;
  error: MessageError | null;
  usage: Usage | null;
  /** False until the text is anchored to what the store had (see `adopt`): a page that opened mid-stream. */
  anchored: boolean;
  /**
   * The same text as pieces, shared by the snapshots of one growing text (append-only; `text` is its first
   * `text.length` characters): the renderer takes the unfinished end from it without copying the whole text.
   */
  growing: GrowingText;
}

type Listener = () => void;

/** A reply with no text yet, unanchored until its row loads what the store has. */
function newReply(status: MessageStatus): LiveReply {
  return { text: '', reasoning: '', status, error: null, usage: null, anchored: false, growing: new GrowingText() };
}

export class LiveReplies {
  private readonly entries = new Map<string, LiveReply>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<string, { text: string; reasoning: string; reset: boolean }>();
  private frame: unknown = null;

  /** `schedule` runs the flush on the next frame (requestAnimationFrame in the app; a manual clock in tests). */
  constructor(private readonly schedule: (flush: () => void) => unknown) {}

  connect(api: Pick<QiaoApi, 'on'>): () => void {
    const offDelta = api.on('chat.delta', (d) => this.delta(d.messageId, d.text, d.reasoning, d.reset === true));
    const offStatus = api.on('chat.status', (s) => this.status(s.messageId, s.status, s.error, s.usage));
    return () => {
      offDelta();
      offStatus();
    };
  }

  get(messageId: string): LiveReply | undefined {
    return this.entries.get(messageId);
  }

  subscribe(messageId: string, listener: Listener): () => void {
    let set = this.listeners.get(messageId);
    if (!set) this.listeners.set(messageId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(messageId);
    };
  }

  /**
   * Anchors a streaming reply to the text the store returned: deltas that arrived before the load are merged
   * where they overlap, so opening a conversation mid-stream shows the whole reply still growing.
   */
  adopt(messageId: string, text: string, reasoning: string): void {
    this.flush();
    const entry = this.entries.get(messageId);
    if (entry?.anchored) return;
    const base = entry ?? newReply('streaming');
    const merged = appendAfterOverlap(text, base.text);
    // The text changed other than by an append: a new GrowingText.
    this.entries.set(messageId, { ...base, text: merged, reasoning: appendAfterOverlap(reasoning, base.reasoning), anchored: true, growing: new GrowingText(merged) });
    this.notify(messageId);
  }

  /** The store has the final message now; the live copy is no longer needed. */
  release(messageId: string): void {
    if (this.entries.get(messageId)?.status !== 'streaming') this.entries.delete(messageId);
  }

  private delta(messageId: string, text: string, reasoning: string, reset: boolean): void {
    const queued = this.pending.get(messageId);
    if (reset || !queued) this.pending.set(messageId, { text, reasoning, reset: reset || (queued?.reset ?? false) });
    else {
      queued.text += text;
      queued.reasoning += reasoning;
    }
    this.frame ??= this.schedule(() => this.flush());
  }

  private status(messageId: string, status: MessageStatus, error: MessageError | null, usage: Usage | null): void {
    this.flush();
    const entry = this.entries.get(messageId);
    if (status === 'streaming') {
      // A continued reply keeps its text; a new one starts empty but unanchored until its row loads it.
      this.entries.set(messageId, entry ? { ...entry, status, error: null } : newReply(status));
    } else if (entry) {
      this.entries.set(messageId, { ...entry, status, error, usage });
      // Dropped later: the open conversation replaces it with the stored message first.
      setTimeout(() => this.release(messageId), 30_000);
    }
    this.notify(messageId);
  }

  /** Applies queued deltas (normally once per animation frame). */
  flush(): void {
    this.frame = null;
    if (!this.pending.size) return;
    const changed = [...this.pending];
    this.pending.clear();
    for (const [messageId, d] of changed) {
      const entry = this.entries.get(messageId) ?? newReply('streaming');
      if (!d.reset) entry.growing.append(d.text);
      this.entries.set(
        messageId,
        d.reset
          ? { ...entry, text: d.text, reasoning: d.reasoning, anchored: true, growing: new GrowingText(d.text) }
          : { ...entry, text: entry.text + d.text, reasoning: entry.reasoning + d.reasoning },
      );
      this.notify(messageId);
    }
  }

  private notify(messageId: string): void {
    for (const listener of this.listeners.get(messageId) ?? []) listener();
  }
}
