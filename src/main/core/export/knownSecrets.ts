import { providersRepo, type Db } from '../store';
import { accountFor, type SecretStore } from '../secrets/secretStore';

/** Every stored API key and openid, to be kept out of exports (redact.ts). */
export async function knownSecrets(db: Db, secrets: SecretStore): Promise<string[]> {
  const found: string[] = [];
  for (const provider of providersRepo.listProviders(db)) {
    for (const field of ['apiKey', 'openid'] as const) {
      const value = await secrets.get(accountFor(provider.id, field));
      if (value) found.push(value);
    }
  }
  return found;
}
