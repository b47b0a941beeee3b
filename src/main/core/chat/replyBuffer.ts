// One growing reply: accumulates text and reasoning, knows what the faces have not seen yet, and renders the
// message parts to persist.
import type { MessagePart } from '../../../shared/domain';
import type { LogprobToken } from '../providers';

export class ReplyBuffer {
  text = '';
  reasoning = '';
  logprobs: LogprobToken[] = [];
  finishReason: string | null = null;
  private pushedText = 0;
  private pushedReasoning = 0;
  private reasoningStartedAt: number | undefined;
  private reasoningEndedAt: number | undefined;
  /** Whether something changed since the last persist. */
  dirty = false;
  /** What a continued reply already had (chat.continue); kept apart so relabels and deltas see only new text. */
  private seed: { text: string; reasoning: string; reasoningMs?: number } | undefined;

  constructor(
    readonly messageId: string,
    private readonly now: () => number,
  ) {}

  addText(text: string): void {
    if (!text) return;
    if (this.reasoningStartedAt !== undefined) this.reasoningEndedAt ??= this.now();
    this.text += text;
    this.dirty = true;
  }

  addReasoning(text: string): void {
    if (!text) return;
    this.reasoningStartedAt ??= this.now();
    this.reasoning += text;
    this.dirty = true;
  }

  /** Everything so far is of kind `as` (the provider learned it late, e.g. from a lone `</think>`). */
  relabel(as: 'text' | 'reasoning'): void {
    if (as === 'reasoning') {
      if (!this.text) return;
      this.reasoningStartedAt ??= this.now();
      this.reasoningEndedAt = undefined;
      // The newline before the late `</think>` was already emitted as text; it is not part of the thought.
      this.reasoning = (this.reasoning + this.text).trimEnd();
      this.text = '';
    } else {
      if (!this.reasoning) return;
      this.text = this.reasoning + this.text;
      this.reasoning = '';
      this.reasoningStartedAt = this.reasoningEndedAt = undefined;
    }
    this.dirty = true;
    this.needsReset = true;
  }

  private needsReset = false;

  /** Starts from an earlier reply's parts: the faces already have them, so they are never pushed again. */
  continueFrom(parts: MessagePart[]): void {
    const text = parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    const reasoningParts = parts.filter((p): p is Extract<MessagePart, { type: 'reasoning' }> => p.type === 'reasoning');
    const reasoningMs = reasoningParts.reduce<number | undefined>((sum, p) => (p.durationMs === undefined ? sum : (sum ?? 0) + p.durationMs), undefined);
    this.seed = { text, reasoning: reasoningParts.map((p) => p.text).join(''), ...(reasoningMs !== undefined ? { reasoningMs } : {}) };
  }

  /**
   * What the faces have not seen yet, marking it seen: appended text and reasoning, or, after a relabel, the
   * whole of both with `reset`.
   */
  takeUnpushed(): { text: string; reasoning: string; reset?: true } | undefined {
    if (this.needsReset) {
      this.needsReset = false;
      this.pushedText = this.text.length;
      this.pushedReasoning = this.reasoning.length;
      return { text: (this.seed?.text ?? '') + this.text, reasoning: (this.seed?.reasoning ?? '') + this.reasoning, reset: true };
    }
    if (this.pushedText === this.text.length && this.pushedReasoning === this.reasoning.length) return undefined;
    const delta = { text: this.text.slice(this.pushedText), reasoning: this.reasoning.slice(this.pushedReasoning) };
    this.pushedText = this.text.length;
    this.pushedReasoning = this.reasoning.length;
    return delta;
  }

  parts(): MessagePart[] {
    const parts: MessagePart[] = [];
    const reasoning = (this.seed?.reasoning ?? '') + this.reasoning;
    if (reasoning) {
      const end = this.reasoningEndedAt ?? this.now();
      const durationMs = (this.seed?.reasoningMs ?? 0) + Math.max(0, end - (this.reasoningStartedAt ?? end));
      parts.push({ type: 'reasoning', text: reasoning, durationMs });
    }
    parts.push({ type: 'text', text: (this.seed?.text ?? '') + this.text });
    return parts;
  }
}
