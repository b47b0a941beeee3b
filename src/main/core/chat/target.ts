// Which provider and model a conversation talks to: its own choice, else the first enabled provider and that
// gateway's default model (or the provider's first model). The chat engine and the image checks share this.
import type { Conversation, Provider } from '../../../shared/domain';
import { GATEWAY_CATALOG } from '../providers';
import { providersRepo, type Db } from '../store';

export function resolveConversationTarget(
  db: Db,
  conversation: Pick<Conversation, 'providerId' | 'model'>,
): { provider: Provider | undefined; model: string | undefined } {
  const provider = conversation.providerId
    ? providersRepo.getProvider(db, conversation.providerId)
    : providersRepo.listProviders(db).find((p) => p.enabled);
  if (!provider) return { provider, model: undefined };
  const model = conversation.model ?? (provider.kind !== 'custom' ? GATEWAY_CATALOG[provider.kind].defaultModel : undefined) ?? provider.models[0]?.id;
  return { provider, model };
}
