// `qiao chat --image <file>`: the files are checked and prepared before anything is stored, so a refused file
// (or a model known not to see) leaves the store as it was.
import type { Core } from '../main/core/core';
import {
  DEFAULT_IMAGE_LIMITS,
  checkVision,
  conversationTarget,
  imageLimitsFor,
  nonVisionMessage,
  prepareImageFile,
  storePreparedImage,
  type PreparedImage,
} from '../main/core/images';
import type { ImagePart } from '../shared/domain';

export class NonVisionModelError extends Error {}

/** Throws ImageError for a file that is not a usable image, NonVisionModelError for a model that cannot see. */
export async function prepareChatImages(
  core: Core,
  files: string[],
  target: { providerId: string | null; model: string | null },
  allowNonVision: boolean,
): Promise<PreparedImage[]> {
  if (!files.length) return [];
  const resolved = conversationTarget(core.db, target);
  if (resolved && !allowNonVision) {
    const check = checkVision(resolved.provider, resolved.model);
    if (check.vision === false) throw new NonVisionModelError(nonVisionMessage(check, resolved.provider.name, '--allow-non-vision'));
  }
  const limits = resolved ? imageLimitsFor(resolved.provider, resolved.model) : DEFAULT_IMAGE_LIMITS;
  const prepared: PreparedImage[] = [];
  for (const file of files) prepared.push(await prepareImageFile(file, limits));
  return prepared;
}

export function storeChatImages(core: Core, prepared: PreparedImage[]): ImagePart[] {
  return prepared.map((image) => storePreparedImage(core.db, image, core.now()).part);
}
