import { describe, expect, it } from 'vitest';
import { createOpeningFetch } from '../../../src/renderer/src/chat/openingFetch';

/** A fetcher that records what it was asked for and answers with the conversation id and a call number. */
function recordingFetcher() {
  const asked: string[] = [];
  const fetcher = (conversationId: string) => {
    asked.push(conversationId);
    return Promise.resolve(`${conversationId}#${asked.length}`);
  };
  return { asked, fetcher };
}

describe('the opening fetch started on a click', () => {
  it('gives the pane the answer fetched on the click, once', async () => {
    const { asked, fetcher } = recordingFetcher();
    const opening = createOpeningFetch(fetcher, () => 0);
    opening.prefetch('a');
    expect(asked).toEqual(['a']);
    await expect(opening.take('a')).resolves.toBe('a#1');
    // Taken already: a later opening (a refresh after a failure, say) asks again.
    await expect(opening.take('a')).resolves.toBe('a#2');
    expect(asked).toEqual(['a', 'a']);
  });

  it('does not give one conversation the answer fetched for another', async () => {
    const { asked, fetcher } = recordingFetcher();
    const opening = createOpeningFetch(fetcher, () => 0);
    opening.prefetch('a');
    await expect(opening.take('b')).resolves.toBe('b#2');
    expect(asked).toEqual(['a', 'b']);
  });

  it('keeps only the last click, and fetches afresh when the answer is stale', async () => {
    const { fetcher } = recordingFetcher();
    let clock = 0;
    const opening = createOpeningFetch(fetcher, () => clock);
    opening.prefetch('a');
    opening.prefetch('b');
    await expect(opening.take('a')).resolves.toBe('a#3');
    opening.prefetch('c');
    clock += 5000;
    await expect(opening.take('c')).resolves.toBe('c#5');
  });

  it('passes a failed early fetch on to the pane that takes it, and leaves an untaken failure unreported', async () => {
    const opening = createOpeningFetch((id: string) => Promise.reject(new Error(`no ${id}`)), () => 0);
    opening.prefetch('gone');
    await expect(opening.take('gone')).rejects.toThrow('no gone');
    // Replaced before anyone took it: no unhandled rejection fails this test run.
    opening.prefetch('x');
    opening.prefetch('y');
    await expect(opening.take('y')).rejects.toThrow('no y');
  });
});
