// Reads a provider's credentials from the SecretStore for one request. They stay in main-process memory.
import type { Provider } from '../../../shared/domain';
import { ZYINFO_TEST_ACCOUNT, type ProviderCredentials } from '../providers';
import { accountFor, type SecretStore } from '../secrets/secretStore';

export async function credentialsFor(provider: Provider, secrets: SecretStore): Promise<ProviderCredentials> {
  const apiKey = await secrets.get(accountFor(provider.id, 'apiKey'));
  const credentials: ProviderCredentials = apiKey ? { apiKey } : {};
  if (provider.kind === 'zyinfo') {
    // The public test account is only used when the user chose it explicitly.
    const openid = provider.options.useTestAccount === true ? ZYINFO_TEST_ACCOUNT.openid : await secrets.get(accountFor(provider.id, 'openid'));
    if (openid) credentials.openid = openid;
  }
  return credentials;
}
