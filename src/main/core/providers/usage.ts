// Usage & cost of one turn: token counts from the gateway (or estimated), time to first token, speed, and cost
// in 元 from the catalog (per-1K-token price × (prompt+completion)/1000, or per-second price × processing time).
import type { ModelInfo, Provider, Usage } from '../../../shared/domain';
import { findModelInfo } from './catalog';
import type { ContextMessage, ProviderEvent } from './types';

// CJK ideographs, kana, hangul, fullwidth forms and CJK punctuation: about one token each.
const CJK = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/g;

/** A rough token count: CJK characters ≈ 1 token each, other text ≈ 4 characters per token. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  let cjk = 0;
  const rest = text.replace(CJK, () => {
    cjk++;
    return '';
  });
  const other = rest.length;
  return cjk + Math.ceil(other / 4);
}

/** Per-message framing overhead the OpenAI-style chat formats add (role markers etc.). */
const MESSAGE_OVERHEAD = 4;

/** Estimated prompt tokens for a system prompt plus context (reasoning parts are not sent, so not counted). */
export function estimatePromptTokens(system: string, messages: ContextMessage[]): number {
  let n = system ? estimateTokens(system) + MESSAGE_OVERHEAD : 0;
  for (const m of messages) {
    n += MESSAGE_OVERHEAD;
    for (const p of m.parts) {
      if (p.type === 'text') n += estimateTokens(p.text);
      // Images: gateways price them very differently; count a typical low-detail tile.
      else if (p.type === 'image') n += 85;
    }
  }
  return n;
}

export interface CostInput {
  promptTokens?: number;
  completionTokens?: number;
  /** Processing time of the (successful) request, for per-second models. */
  processingMs?: number;
}

/** Cost in 元, or undefined when the model has no known price. */
export function computeCost(info: Pick<ModelInfo, 'pricePer1kTokens' | 'pricePerSecond'> | undefined, c: CostInput): number | undefined {
  if (!info) return undefined;
  let cost: number | undefined;
  if (info.pricePerSecond !== undefined && c.processingMs !== undefined) {
    cost = info.pricePerSecond * (c.processingMs / 1000);
  } else if (info.pricePer1kTokens !== undefined && (c.promptTokens !== undefined || c.completionTokens !== undefined)) {
    cost = (info.pricePer1kTokens * ((c.promptTokens ?? 0) + (c.completionTokens ?? 0))) / 1000;
  }
  return cost === undefined ? undefined : Math.round(cost * 1e6) / 1e6;
}

export interface UsageMeterOptions {
  provider: Pick<Provider, 'kind' | 'models'>;
  model: string;
  system?: string;
  messages?: ContextMessage[];
  now?: () => number;
  /** Request start (default: now() at creation). */
  startedAt?: number;
}

export interface UsageMeter {
  /** Feed every event of the turn, in order. */
  observe(event: ProviderEvent): void;
  /** The usage so far (call at the end of the turn, successful or not). */
  finish(): Usage;
}

/**
 * Collects one turn's usage from its events and timing. Time to first token is measured from the request start
 * (what the user waited, retries included); per-second billing counts from the start of the last attempt.
 */
export function createUsageMeter(opts: UsageMeterOptions): UsageMeter {
  const now = opts.now ?? Date.now;
  const startedAt = opts.startedAt ?? now();
  let attemptStartedAt = startedAt;
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let reportedPrompt: number | undefined;
  let reportedCompletion: number | undefined;
  let generated = '';

  return {
    observe(ev) {
      const t = now();
      switch (ev.type) {
        case 'text':
        case 'reasoning':
          if (ev.text) {
            firstTokenAt ??= t;
            lastTokenAt = t;
            generated += ev.text;
          }
          break;
        case 'usage':
          if (ev.promptTokens !== undefined) reportedPrompt = ev.promptTokens;
          if (ev.completionTokens !== undefined) reportedCompletion = ev.completionTokens;
          break;
        case 'retry':
          // Nothing was shown yet; the next attempt starts after the wait.
          attemptStartedAt = t + ev.delayMs;
          firstTokenAt = undefined;
          generated = '';
          break;
        default:
          break;
      }
    },
    finish() {
      const end = now();
      const usage: Usage = {};
      let estimated = false;
      let prompt = reportedPrompt;
      let completion = reportedCompletion;
      if (prompt === undefined && opts.messages) {
        prompt = estimatePromptTokens(opts.system ?? '', opts.messages);
        estimated = true;
      }
      if (completion === undefined && (generated || firstTokenAt !== undefined)) {
        completion = estimateTokens(generated);
        estimated = true;
      }
      if (prompt !== undefined) usage.promptTokens = prompt;
      if (completion !== undefined) usage.completionTokens = completion;
      if (estimated) usage.estimated = true;
      usage.durationMs = Math.max(0, end - startedAt);
      if (firstTokenAt !== undefined) {
        usage.timeToFirstTokenMs = Math.max(0, firstTokenAt - startedAt);
        // Streamed: from the first to the last token. All at once (non-streamed): the whole attempt.
        let genMs = (lastTokenAt ?? end) - firstTokenAt;
        if (genMs <= 0) genMs = end - attemptStartedAt;
        if (completion !== undefined && genMs > 0) {
          usage.tokensPerSecond = Math.round((completion / (genMs / 1000)) * 100) / 100;
        }
      }
      const info = findModelInfo(opts.provider, opts.model);
      const cost = computeCost(info, {
        ...(prompt !== undefined ? { promptTokens: prompt } : {}),
        ...(completion !== undefined ? { completionTokens: completion } : {}),
        processingMs: Math.max(0, end - attemptStartedAt),
      });
      if (cost !== undefined) usage.costYuan = cost;
      return usage;
    },
  };
}

/** One-shot helper: the Usage of a finished turn from its recorded events. */
export function usageFromEvents(
  events: Array<{ event: ProviderEvent; at: number }>,
  opts: Omit<UsageMeterOptions, 'now' | 'startedAt'> & { startedAt: number; endedAt: number },
): Usage {
  let clock = opts.startedAt;
  const meter = createUsageMeter({ ...opts, now: () => clock });
  for (const { event, at } of events) {
    clock = at;
    meter.observe(event);
  }
  clock = opts.endedAt;
  return meter.finish();
}
