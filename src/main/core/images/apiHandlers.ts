// The attachments.* handlers and chat.send's image checks, kept here so api.ts only wires them.
// The API takes bytes only (base64): the renderer can never make the core read a path.
import type { z } from 'zod';
import { ApiError } from '../../../shared/apiError';
import type { ApiOutput, contract } from '../../../shared/contract';
import type { ImagePart, Language } from '../../../shared/domain';
import { attachmentsRepo, conversationsRepo, NotFoundError, providersRepo, settingsRepo, type Db } from '../store';
import { checkVision, conversationTarget, nonVisionMessage } from './capabilities';
import { ImageError, imageErrorMessage } from './errors';
import nodePath from 'node:path';
import { ingestImage, prepareImageFile, storePreparedImage } from './ingest';
import { DEFAULT_IMAGE_LIMITS, imageLimitsFor } from './limits';
import { readImage } from './read';

type Input<M extends keyof typeof contract> = z.output<(typeof contract)[M]['input']>;

/** An ImageError as the API's validation error, in the user's language. */
export function imageApiError(error: ImageError, language: Language): ApiError {
  const message = imageErrorMessage(error.code, error.details, language);
  return new ApiError({ code: 'validation', message, issues: [{ path: 'dataBase64', message: `${error.code}: ${message}` }] });
}

export function attachmentHandlers(db: Db, now: () => number) {
  const limitsFor = (providerId: string | undefined, model: string | undefined) => {
    if (providerId === undefined || model === undefined) return DEFAULT_IMAGE_LIMITS;
    const provider = providersRepo.getProvider(db, providerId);
    if (!provider) throw new NotFoundError('Provider', providerId);
    return imageLimitsFor(provider, model);
  };
  return {
    /**
     * Files the user chose in a native dialog (main process only): each is checked and stored on its own; a
     * refused file is reported, not fatal, so one bad pick does not lose the others.
     */
    async ingestFiles(files: string[], target: { providerId?: string | undefined; model?: string | undefined }) {
      const limits = limitsFor(target.providerId, target.model);
      const language = settingsRepo.getSettings(db).language;
      const images: Array<{ part: ImagePart; name: string }> = [];
      const refused: Array<{ name: string; message: string }> = [];
      for (const file of files) {
        const name = nodePath.basename(file);
        try {
          images.push({ part: storePreparedImage(db, await prepareImageFile(file, limits), now()).part, name });
        } catch (error) {
          if (!(error instanceof ImageError)) throw error;
          refused.push({ name, message: imageErrorMessage(error.code, error.details, language) });
        }
      }
      return { images, refused };
    },

    async ingest(input: Input<'attachments.ingest'>): Promise<ApiOutput<'attachments.ingest'>> {
      const limits = limitsFor(input.providerId, input.model);
      try {
        const ingested = await ingestImage(db, Buffer.from(input.dataBase64, 'base64'), { limits, name: input.name, now: now() });
        return { part: ingested.part, width: ingested.width, height: ingested.height, byteSize: ingested.byteSize, original: ingested.original };
      } catch (error) {
        if (error instanceof ImageError) throw imageApiError(error, settingsRepo.getSettings(db).language);
        throw error;
      }
    },

    async get({ hash, thumbnail }: Input<'attachments.get'>): Promise<ApiOutput<'attachments.get'>> {
      const image = await readImage(db, hash, { thumbnail });
      return { hash, mime: image.mime, dataBase64: image.data.toString('base64'), width: image.width, height: image.height };
    },

    checkTarget(input: Input<'attachments.checkTarget'>): ApiOutput<'attachments.checkTarget'> {
      let target: { provider: ReturnType<typeof providersRepo.getProvider>; model: string } | undefined;
      if ('conversationId' in input) {
        target = conversationTarget(db, conversationsRepo.getConversation(db, input.conversationId));
        if (!target) throw new ApiError({ code: 'conflict', message: 'This conversation has no provider or model yet' });
      } else {
        target = { provider: providersRepo.getProvider(db, input.providerId), model: input.model };
        if (!target.provider) throw new NotFoundError('Provider', input.providerId);
      }
      const check = checkVision(target.provider!, target.model);
      return {
        providerId: check.providerId,
        model: check.model,
        vision: check.vision,
        alternatives: check.alternatives,
        maxImageSide: check.limits.maxSide,
        maxImageBytes: check.limits.maxBytes,
      };
    },
  };
}

/**
 * Before chat.send: every image must be in the store (its stored type and size replace what the caller
 * claimed), and images to a model known not to see are refused, naming the provider's vision models, unless
 * the caller insists (allowNonVision). Unknown capability passes.
 */
export function imagesForSend(db: Db, input: { conversationId: string; images?: ImagePart[] | undefined; allowNonVision?: boolean | undefined }): ImagePart[] | undefined {
  if (!input.images?.length) return input.images;
  const images = input.images.map((part): ImagePart => {
    const stored = attachmentsRepo.getAttachmentInfo(db, part.hash);
    if (!stored) throw new NotFoundError('Image', part.hash);
    return {
      type: 'image',
      hash: stored.hash,
      mime: stored.mime as ImagePart['mime'],
      ...(stored.width ? { width: stored.width } : {}),
      ...(stored.height ? { height: stored.height } : {}),
    };
  });
  if (input.allowNonVision) return images;
  const target = conversationTarget(db, conversationsRepo.getConversation(db, input.conversationId));
  if (!target) return images; // the engine reports the missing provider or model
  const check = checkVision(target.provider, target.model);
  if (check.vision === false) throw new ApiError({ code: 'conflict', message: nonVisionMessage(check, target.provider.name) });
  return images;
}
