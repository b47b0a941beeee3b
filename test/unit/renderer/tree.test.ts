import { describe, expect, it } from 'vitest';
import { activePath, buildTree, newestLeaf, siblingsOf } from '../../../src/renderer/src/chat/tree';
import type { Message } from '../../../src/shared/domain';

function message(id: string, parentId: string | null, createdAt: number, role: Message['role'] = 'user'): Message {
  return { id, conversationId: 'c', parentId, role, parts: [{ type: 'text', text: id }], status: 'done', error: null, usage: null, providerId: null, model: null, finishReason: null, logprobs: null, createdAt, updatedAt: createdAt };
}

describe('the message tree', () => {
  // q ─ a1 ─ q2 ─ a3
  //   └ a2
  const messages = [message('q', null, 1), message('a1', 'q', 2, 'assistant'), message('a2', 'q', 3, 'assistant'), message('q2', 'a1', 4), message('a3', 'q2', 5, 'assistant')];
  const tree = buildTree(messages);

  it('follows the active leaf back to the root', () => {
    expect(activePath(tree, 'a3').map((m) => m.id)).toEqual(['q', 'a1', 'q2', 'a3']);
    expect(activePath(tree, 'a2').map((m) => m.id)).toEqual(['q', 'a2']);
    expect(activePath(tree, null)).toEqual([]);
  });

  it('lists siblings oldest first and finds the newest leaf below one', () => {
    expect(siblingsOf(tree, tree.byId.get('a2')!).map((m) => m.id)).toEqual(['a1', 'a2']);
    expect(newestLeaf(tree, 'a1')).toBe('a3');
    expect(newestLeaf(tree, 'a2')).toBe('a2');
  });
});
