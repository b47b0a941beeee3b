import type { Provider } from '../../../shared/domain';
import type { Db } from './database';
import { parseJson } from './json';

interface ProviderRow {
  id: string;
  kind: Provider['kind'];
  name: string;
  protocol: Provider['protocol'];
  base_url: string;
  options: string;
  models: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    protocol: row.protocol,
    baseUrl: row.base_url,
    options: parseJson(row.options, {}),
    models: parseJson(row.models, []),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listProviders(db: Db): Provider[] {
  return (db.prepare('SELECT * FROM providers ORDER BY created_at, id').all() as ProviderRow[]).map(toProvider);
}

export function getProvider(db: Db, id: string): Provider | undefined {
  const row = db.prepare('SELECT * FROM providers WHERE id = ?').get(id) as ProviderRow | undefined;
  return row && toProvider(row);
}

/** Inserts or replaces a provider's stored settings. Credentials are never part of a Provider. */
export function saveProvider(db: Db, provider: Provider): Provider {
  db.prepare(
    `INSERT INTO providers (id, kind, name, protocol, base_url, options, models, enabled, created_at, updated_at)
     VALUES (@id, @kind, @name, @protocol, @baseUrl, @options, @models, @enabled, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, protocol = excluded.protocol,
       base_url = excluded.base_url, options = excluded.options, models = excluded.models,
       enabled = excluded.enabled, updated_at = excluded.updated_at`,
  ).run({
    ...provider,
    options: JSON.stringify(provider.options),
    models: JSON.stringify(provider.models),
    enabled: provider.enabled ? 1 : 0,
  });
  return getProvider(db, provider.id)!;
}

export function deleteProvider(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM providers WHERE id = ?').run(id).changes > 0;
}
