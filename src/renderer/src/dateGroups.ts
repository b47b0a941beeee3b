import type { Conversation } from '../../shared/domain';

export type GroupKey = 'pinned' | 'today' | 'yesterday' | 'last7Days' | 'older';

/** Groups conversations the way a chat app's sidebar does: pinned, then by last activity. */
export function groupConversations(conversations: Conversation[], now = new Date()): Array<[GroupKey, Conversation[]]> {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = 86_400_000;
  const groups = new Map<GroupKey, Conversation[]>();
  for (const conversation of conversations) {
    const key: GroupKey = conversation.pinned
      ? 'pinned'
      : conversation.updatedAt >= startOfToday
        ? 'today'
        : conversation.updatedAt >= startOfToday - day
          ? 'yesterday'
          : conversation.updatedAt >= startOfToday - 7 * day
            ? 'last7Days'
            : 'older';
    const list = groups.get(key) ?? [];
    list.push(conversation);
    groups.set(key, list);
  }
  const order: GroupKey[] = ['pinned', 'today', 'yesterday', 'last7Days', 'older'];
  return order.filter((key) => groups.has(key)).map((key) => [key, groups.get(key)!]);
}
