import { describe, expect, it } from 'vitest';
import {
  ConversationStore,
  emptyConversationState,
  newerCopy,
  reduceConversation,
  shownPath,
  siblingPosition,
  type ConversationAction,
  type ConversationState,
  type PathEntry,
} from '../../../src/renderer/src/chat/conversationState';
import type { Message } from '../../../src/shared/domain';

function message(id: string, parentId: string | null, updatedAt: number, patch: Partial<Message> = {}): Message {
  return { id, conversationId: 'c', parentId, role: 'user', parts: [{ type: 'text', text: id }], status: 'done', error: null, usage: null, providerId: null, model: null, finishReason: null, logprobs: null, createdAt: updatedAt, updatedAt, ...patch };
}

const entry = (m: Message, siblingIds: string[] = [m.id]): PathEntry => ({ message: m, siblingIds });
const run = (...actions: ConversationAction[]): ConversationState => actions.reduce(reduceConversation, emptyConversationState);

describe('the chat pane’s message state', () => {
  // q ─ a1 ─ q2 ─ a3
  //   └ a2
  const q = message('q', null, 1);
  const a1 = message('a1', 'q', 2, { role: 'assistant' });
  const a2 = message('a2', 'q', 3, { role: 'assistant' });
  const q2 = message('q2', 'a1', 4);
  const a3 = message('a3', 'q2', 5, { role: 'assistant' });

  it('shows the tail first and the path up to the root once older pages arrive', () => {
    const tail = run({ type: 'path', tail: true, leafId: 'a3', entries: [entry(q2), entry(a3)] });
    expect(shownPath(tail).messages.map((m) => m.id)).toEqual(['q2', 'a3']);
    expect(shownPath(tail).olderCursor).toBe('a1');

    const whole = reduceConversation(tail, { type: 'path', tail: false, entries: [entry(q), entry(a1, ['a1', 'a2'])] });
    expect(shownPath(whole)).toEqual({ messages: [q, a1, q2, a3], olderCursor: null });
    expect(whole.leafId).toBe('a3');
    expect(siblingPosition(whole, a1)).toEqual({ index: 0, count: 2, ids: ['a1', 'a2'] });
    expect(siblingPosition(whole, q2)).toEqual({ index: 0, count: 1, ids: ['q2'] });
  });

  it('moves to another branch with a tail fetch that joins the messages it already has', () => {
    const state = run(
      { type: 'path', tail: true, leafId: 'a3', entries: [entry(q), entry(a1, ['a1']), entry(q2), entry(a3)] },
      { type: 'path', tail: true, leafId: 'a2', entries: [entry(a2, ['a1', 'a2'])] },
    );
    expect(shownPath(state).messages.map((m) => m.id)).toEqual(['q', 'a2']);
    // The group fetched with a2 is the sibling list of a1 too.
    expect(siblingPosition(state, a1)).toEqual({ index: 0, count: 2, ids: ['a1', 'a2'] });
    expect(siblingPosition(state, a2).index).toBe(1);
  });

  it('keeps a reply final when a copy fetched while it streamed arrives after its end (the race)', () => {
    const streamingCopy = message('r', 'q', 10, { role: 'assistant', status: 'streaming', parts: [{ type: 'text', text: '半' }] });
    const finalCopy = message('r', 'q', 12, { role: 'assistant', status: 'done', parts: [{ type: 'text', text: '半句话。' }] });

    // The end is heard before the pane had the reply; the tail fetched mid-stream comes back afterwards.
    const endedFirst = run(
      { type: 'path', tail: true, leafId: 'q', entries: [entry(q)] },
      { type: 'status', messageId: 'r', status: 'done' },
      { type: 'path', tail: true, leafId: 'r', entries: [entry(q), entry(streamingCopy)] },
    );
    expect(endedFirst.byId.get('r')!.status).toBe('done');
    expect(shownPath(endedFirst).messages.map((m) => m.status)).toEqual(['done', 'done']);
    // The final copy then replaces the provisional one.
    expect(reduceConversation(endedFirst, { type: 'message', message: finalCopy }).byId.get('r')).toBe(finalCopy);

    // The final copy comes back before the stale streaming one: the stale one never wins.
    const finalFirst = run(
      { type: 'status', messageId: 'r', status: 'done' },
      { type: 'message', message: finalCopy },
      { type: 'path', tail: true, leafId: 'r', entries: [entry(q), entry(streamingCopy)] },
    );
    expect(finalFirst.byId.get('r')).toBe(finalCopy);
  });

  it('orders copies by updatedAt, prefers a final status on a tie, and keeps an unchanged copy’s identity', () => {
    const streaming = message('r', 'q', 10, { status: 'streaming' });
    const done = message('r', 'q', 10, { status: 'done' });
    expect(newerCopy(done, streaming, undefined)).toBe(done);
    expect(newerCopy(streaming, done, undefined)).toBe(done);
    const later = message('r', 'q', 11, { status: 'streaming' });
    expect(newerCopy(done, later, undefined)).toBe(later);
    expect(newerCopy(later, done, undefined)).toBe(later);
    const same = message('r', 'q', 10, { status: 'done' });
    expect(newerCopy(done, same, undefined)).toBe(done);
    // A continued reply: the event says streaming again, so a copy from before it is streaming too.
    expect(newerCopy(undefined, done, 'streaming').status).toBe('streaming');
  });

  it('shows a status event at once on a known message, and a continued reply streams again', () => {
    const state = run(
      { type: 'path', tail: true, leafId: 'a1', entries: [entry(q), entry(a1)] },
      { type: 'status', messageId: 'a1', status: 'streaming' },
    );
    expect(state.byId.get('a1')!.status).toBe('streaming');
    // The tail refetched with the copy from before the continue (same updatedAt, done) does not end it.
    const refetched = reduceConversation(state, { type: 'path', tail: true, leafId: 'a1', entries: [entry(q), entry(a1)] });
    expect(refetched.byId.get('a1')!.status).toBe('streaming');
    const ended = reduceConversation(refetched, { type: 'status', messageId: 'a1', status: 'interrupted' });
    expect(ended.byId.get('a1')!.status).toBe('interrupted');
  });

  it('forgets a deleted message and its place among its siblings, even when an older copy arrives later', () => {
    const state = run(
      { type: 'path', tail: true, leafId: 'a2', entries: [entry(q), entry(a2, ['a1', 'a2'])] },
      { type: 'removed', messageId: 'a2' },
      { type: 'path', tail: true, leafId: 'a1', entries: [entry(q), entry(a1, ['a1', 'a2'])] },
    );
    expect(state.byId.has('a2')).toBe(false);
    expect(siblingPosition(state, a1)).toEqual({ index: 0, count: 1, ids: ['a1'] });
    expect(shownPath(state).messages.map((m) => m.id)).toEqual(['q', 'a1']);
  });

  it('tells subscribers about changes only', () => {
    const store = new ConversationStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.dispatch({ type: 'path', tail: true, leafId: 'q', entries: [entry(q)] });
    store.dispatch({ type: 'message', message: q });
    expect(calls).toBe(1);
    off();
    store.dispatch({ type: 'status', messageId: 'q', status: 'streaming' });
    expect(calls).toBe(1);
    expect(store.get().byId.get('q')!.status).toBe('streaming');
  });
});
