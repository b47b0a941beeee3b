// Saving a credential: to the keychain, or, when it is unreachable and the user agrees, for this session only.
import { ApiError } from '../../../shared/apiError';
import type { KeyStatus } from '../../../shared/domain';
import { api } from '../api';

export type SaveOutcome = { ok: true; status: KeyStatus } | { ok: false; keychainUnavailable: boolean; message: string };

export async function saveSecret(providerId: string, secret: string, field: 'apiKey' | 'openid', sessionOnly = false): Promise<SaveOutcome> {
  try {
    return { ok: true, status: await api.keys.set({ providerId, secret, field, sessionOnly }) };
  } catch (e) {
    const keychainUnavailable = e instanceof ApiError && e.code === 'keychain_unavailable';
    const issue = e instanceof ApiError ? e.issues?.[0]?.message : undefined;
    return { ok: false, keychainUnavailable, message: issue ?? (e as Error).message };
  }
}
