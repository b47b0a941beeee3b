// Which models can see images, so the UI can offer "switch to a vision model of the same provider" instead of
// letting the gateway fail. Unknown (custom providers, ids not in the catalog) means the image is sent: the
// user knows their model.
import { resolveConversationTarget } from '../chat/target';
import type { Conversation, ModelInfo, Provider } from '../../../shared/domain';
import { GATEWAY_CATALOG, findModelInfo } from '../providers/catalog';
import type { Db } from '../store';
import { imageLimitsFor, type ImageLimits } from './limits';

export type VisionSupport = true | false | 'unknown';

export interface VisionCheck {
  providerId: string;
  model: string;
  vision: VisionSupport;
  /** The provider's other models known to see images. */
  alternatives: Array<{ id: string; label?: string }>;
  limits: ImageLimits;
}

export function visionSupport(provider: Pick<Provider, 'kind' | 'models'>, model: string): VisionSupport {
  const vision = findModelInfo(provider, model)?.vision;
  return vision === undefined ? 'unknown' : vision;
}

/** Every model of the provider (its own rows and the catalog's) that is known to see images. */
export function visionModels(provider: Pick<Provider, 'kind' | 'models'>): ModelInfo[] {
  const catalog = provider.kind === 'custom' ? [] : GATEWAY_CATALOG[provider.kind].models;
  const ids = [...new Set([...provider.models.map((m) => m.id), ...catalog.map((m) => m.id)])];
  return ids.map((id) => findModelInfo(provider, id)).filter((m): m is ModelInfo => m?.vision === true);
}

export function checkVision(provider: Provider, model: string): VisionCheck {
  return {
    providerId: provider.id,
    model,
    vision: visionSupport(provider, model),
    alternatives: visionModels(provider)
      .filter((m) => m.id !== model)
      .map((m) => ({ id: m.id, ...(m.label ? { label: m.label } : {}) })),
    limits: imageLimitsFor(provider, model),
  };
}

/**
 * The provider and model a conversation's next turn goes to. Mirrors ChatEngine's private resolveTarget
 * (first enabled provider, then the catalog's default model, then the provider's first model).
 */
export function conversationTarget(db: Db, conversation: Pick<Conversation, 'providerId' | 'model'>): { provider: Provider; model: string } | undefined {
  const { provider, model } = resolveConversationTarget(db, conversation);
  return provider && model ? { provider, model } : undefined;
}

/** The sentence of the refusal when images go to a model known not to see them. */
export function nonVisionMessage(check: VisionCheck, providerName: string, insist = 'allowNonVision'): string {
  const switchTo = check.alternatives.length
    ? ` Vision models of ${providerName}: ${check.alternatives.map((m) => m.id).join(', ')}. Switch the conversation to one of them,`
    : ` ${providerName} has no model known to see images. Choose another provider,`;
  return `Model "${check.model}" of ${providerName} cannot see images.${switchTo} or send anyway with ${insist}.`;
}
