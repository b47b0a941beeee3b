// What a conversation needs to open (the conversation and the tail of its active path), fetched from the moment
// the user clicks it: the answer then travels while the router and the pane render, and the pane, once mounted,
// finds it waiting instead of asking only then.

/** Messages fetched when a conversation opens: more than a tall window shows. */
export const OPEN_TAIL = 40;
/** An answer older than this is not used: the pane fetches afresh. */
const FRESH_MS = 2000;

export interface OpeningFetch<T> {
  /** Starts fetching `conversationId` now (the user is opening it); replaces any earlier unused fetch. */
  prefetch(conversationId: string): void;
  /** The early fetch for `conversationId` if there is a fresh one (each is used once), else a new fetch. */
  take(conversationId: string): Promise<T>;
}

export function createOpeningFetch<T>(fetchOpening: (conversationId: string) => Promise<T>, now: () => number = () => performance.now()): OpeningFetch<T> {
  let early: { conversationId: string; startedAt: number; answer: Promise<T> } | null = null;
  return {
    prefetch(conversationId) {
      const answer = fetchOpening(conversationId);
      // A failure is reported to whoever takes the answer; an answer nobody takes must not be an unhandled rejection.
      answer.catch(() => undefined);
      early = { conversationId, startedAt: now(), answer };
    },
    take(conversationId) {
      const found = early;
      early = null;
      if (found && found.conversationId === conversationId && now() - found.startedAt <= FRESH_MS) return found.answer;
      return fetchOpening(conversationId);
    },
  };
}
