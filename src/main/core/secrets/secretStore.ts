// Credentials live in the OS keychain (keytar → Secret Service / Keychain / Credential Vault) and in this
// process's memory, nowhere else. Where no keychain is reachable the user may keep a credential for this session
// only; it is then forgotten when the process ends.
import { createRequire } from 'node:module';

export const keychainService = 'Qiao';

export type SecretField = 'apiKey' | 'openid';

export function accountFor(providerId: string, field: SecretField): string {
  return `provider:${providerId}:${field}`;
}

export class KeychainUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'The system keychain is not reachable, so the credential was not saved. ' +
        'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet); ' +
        'or keep the key for this session only.',
    );
    this.name = 'KeychainUnavailableError';
    this.cause = cause instanceof Error ? cause.message : String(cause);
  }
}

/** The subset of keytar we use; a test or the CLI may pass another implementation. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function loadKeytar(): KeychainBackend | undefined {
  try {
    const require = createRequire(import.meta.url);
    const keytar = require('keytar') as KeychainBackend & { default?: KeychainBackend };
    return keytar.default ?? keytar;
  } catch {
    return undefined;
  }
}

export type SecretLocation = 'keychain' | 'session' | 'unset';

export class SecretStore {
  private readonly session = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();

  constructor(
    /** `null`: no keychain reachable (keytar failed to load, or a test says so). */
    private readonly keychain: KeychainBackend | null,
    private readonly service = keychainService,
  ) {}

  /** Whether the keychain answers at all (an unlocked Secret Service, for instance). */
  async keychainAvailable(): Promise<boolean> {
    if (!this.keychain) return false;
    try {
      await this.keychain.getPassword(this.service, '__probe__');
      return true;
    } catch {
      return false;
    }
  }

  async get(account: string): Promise<string | undefined> {
    const inSession = this.session.get(account);
    if (inSession !== undefined) return inSession;
    if (this.cache.has(account)) return this.cache.get(account) ?? undefined;
    if (!this.keychain) return undefined;
    try {
      const value = await this.keychain.getPassword(this.service, account);
      this.cache.set(account, value);
      return value ?? undefined;
    } catch {
      return undefined;
    }
  }

  async location(account: string): Promise<SecretLocation> {
    if (this.session.has(account)) return 'session';
    return (await this.get(account)) !== undefined ? 'keychain' : 'unset';
  }

  /** Saves to the keychain; throws KeychainUnavailableError (and saves nothing) when it cannot. */
  async set(account: string, secret: string): Promise<void> {
    if (!this.keychain) throw new KeychainUnavailableError('keytar could not be loaded');
    try {
      await this.keychain.setPassword(this.service, account, secret);
    } catch (error) {
      throw new KeychainUnavailableError(error);
    }
    this.session.delete(account);
    this.cache.set(account, secret);
  }

  /** Keeps the secret in this process's memory only. */
  setForSession(account: string, secret: string): void {
    this.session.set(account, secret);
  }

  async delete(account: string): Promise<void> {
    this.session.delete(account);
    this.cache.set(account, null);
    if (!this.keychain) return;
    try {
      await this.keychain.deletePassword(this.service, account);
    } catch (error) {
      this.cache.delete(account);
      throw new KeychainUnavailableError(error);
    }
  }
}
