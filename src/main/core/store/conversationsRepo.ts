import type { ChatParams, Conversation } from '../../../shared/domain';
import type { Db } from './database';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { parseJson } from './json';

interface ConversationRow {
  id: string;
  title: string;
  system_prompt: string;
  provider_id: string | null;
  model: string | null;
  params: string;
  preset_id: string | null;
  pinned: number;
  archived: number;
  active_leaf_id: string | null;
  created_at: number;
  updated_at: number;
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    systemPrompt: row.system_prompt,
    providerId: row.provider_id,
    model: row.model,
    params: parseJson<ChatParams>(row.params, {}),
    presetId: row.preset_id,
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    activeLeafId: row.active_leaf_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewConversation {
  title?: string;
  systemPrompt?: string;
  providerId?: string | null;
  model?: string | null;
  params?: ChatParams;
  presetId?: string | null;
}

export function createConversation(db: Db, input: NewConversation, now = Date.now()): Conversation {
  const id = newId(now);
  db.prepare(
    `INSERT INTO conversations (id, title, system_prompt, provider_id, model, params, preset_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.title ?? '',
    input.systemPrompt ?? '',
    input.providerId ?? null,
    input.model ?? null,
    JSON.stringify(input.params ?? {}),
    input.presetId ?? null,
    now,
    now,
  );
  return getConversation(db, id);
}

export function findConversation(db: Db, id: string): Conversation | undefined {
  const row = db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
  return row && toConversation(row);
}

export function getConversation(db: Db, id: string): Conversation {
  const conversation = findConversation(db, id);
  if (!conversation) throw new NotFoundError('Conversation', id);
  return conversation;
}

export function listConversations(db: Db, options: { includeArchived?: boolean; limit?: number } = {}): Conversation[] {
  const rows = db
    .prepare(
      `SELECT * FROM conversations WHERE (? OR archived = 0)
       ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?`,
    )
    .all(options.includeArchived ? 1 : 0, options.limit ?? 500) as ConversationRow[];
  return rows.map(toConversation);
}

export type ConversationPatch = Partial<
  Pick<Conversation, 'title' | 'systemPrompt' | 'providerId' | 'model' | 'params' | 'pinned' | 'archived' | 'activeLeafId'>
>;

const columnOf: Record<keyof ConversationPatch, string> = {
  title: 'title',
  systemPrompt: 'system_prompt',
  providerId: 'provider_id',
  model: 'model',
  params: 'params',
  pinned: 'pinned',
  archived: 'archived',
  activeLeafId: 'active_leaf_id',
};

export function updateConversation(db: Db, id: string, patch: ConversationPatch, now = Date.now()): Conversation {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(patch) as Array<[keyof ConversationPatch, unknown]>) {
    if (value === undefined) continue;
    sets.push(`${columnOf[key]} = ?`);
    if (key === 'params') values.push(JSON.stringify(value));
    else if (typeof value === 'boolean') values.push(value ? 1 : 0);
    else values.push(value);
  }
  sets.push('updated_at = ?');
  values.push(now, id);
  const result = db.prepare(`UPDATE conversations SET ${sets.join(', ')} WHERE id = ?`).run(...values);
  if (result.changes === 0) throw new NotFoundError('Conversation', id);
  return getConversation(db, id);
}

export function deleteConversation(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0;
}
