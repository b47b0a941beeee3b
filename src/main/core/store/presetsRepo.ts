import type { ChatParams, Preset } from '../../../shared/domain';
import type { Db } from './database';
import { parseJson } from './json';

interface PresetRow {
  id: string;
  name: string;
  emoji: string;
  system_prompt: string;
  provider_id: string | null;
  model: string | null;
  params: string;
  builtin: number;
  created_at: number;
  updated_at: number;
}

function toPreset(row: PresetRow): Preset {
  return {
    id: row.id,
    name: row.name,
    emoji: row.emoji,
    systemPrompt: row.system_prompt,
    providerId: row.provider_id,
    model: row.model,
    params: parseJson<ChatParams>(row.params, {}),
    builtin: row.builtin === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listPresets(db: Db): Preset[] {
  return (db.prepare('SELECT * FROM presets ORDER BY builtin DESC, created_at, id').all() as PresetRow[]).map(toPreset);
}

export function getPreset(db: Db, id: string): Preset | undefined {
  const row = db.prepare('SELECT * FROM presets WHERE id = ?').get(id) as PresetRow | undefined;
  return row && toPreset(row);
}

export function savePreset(db: Db, preset: Preset): Preset {
  db.prepare(
    `INSERT INTO presets (id, name, emoji, system_prompt, provider_id, model, params, builtin, created_at, updated_at)
     VALUES (@id, @name, @emoji, @systemPrompt, @providerId, @model, @params, @builtin, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, emoji = excluded.emoji,
       system_prompt = excluded.system_prompt, provider_id = excluded.provider_id, model = excluded.model,
       params = excluded.params, builtin = excluded.builtin, updated_at = excluded.updated_at`,
  ).run({ ...preset, params: JSON.stringify(preset.params), builtin: preset.builtin ? 1 : 0 });
  return getPreset(db, preset.id)!;
}

export function deletePreset(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM presets WHERE id = ?').run(id).changes > 0;
}
