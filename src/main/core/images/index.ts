// Images: ingest (check, downscale, strip, store once), read back (with thumbnails), vision capabilities.
export { ImageError, imageErrorMessage, type ImageErrorCode, type ImageErrorDetails } from './errors';
export { sniffImageType, type ImageMime } from './sniff';
export {
  DEFAULT_IMAGE_LIMITS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_SIDE,
  MAX_INPUT_BYTES,
  MAX_INPUT_PIXELS,
  THUMBNAIL_SIDE,
  imageLimitsFor,
  type ImageLimits,
} from './limits';
export { prepareImage, fitStoredImage, type PreparedImage, type StoredImageMime } from './prepare';
export { ingestImage, prepareImageFile, storePreparedImage, type IngestedImage } from './ingest';
export { readImage, type StoredImage } from './read';
export { checkVision, conversationTarget, nonVisionMessage, visionModels, visionSupport, type VisionCheck, type VisionSupport } from './capabilities';
