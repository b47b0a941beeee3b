// A stored image's thumbnail at a fixed size (from the part's dimensions), so rows do not jump when it loads.
import { useTranslation } from 'react-i18next';
import type { ImagePart } from '../../../shared/domain';
import { useThumbnailUrl } from './imageUrls';
import './attachments.css';

/** The size the image shows at inside a square of `side` px, keeping its aspect ratio. */
export function fitInto(part: Pick<ImagePart, 'width' | 'height'>, side: number): { width: number; height: number } {
  const { width, height } = part;
  if (!width || !height) return { width: side, height: side };
  const scale = side / Math.max(width, height);
  return { width: Math.max(24, Math.round(width * scale)), height: Math.max(24, Math.round(height * scale)) };
}

interface ThumbnailProps {
  part: ImagePart;
  alt: string;
  /** Longest side in px; `cover` fills a square of that side instead. */
  side: number;
  cover?: boolean;
}

export function Thumbnail({ part, alt, side, cover }: ThumbnailProps) {
  const { t } = useTranslation();
  const image = useThumbnailUrl(part.hash);
  const size = cover ? { width: side, height: side } : fitInto(part, side);
  if (!image.url) {
    return (
      <span className={`thumb-placeholder ${image.failed ? 'failed' : ''}`} style={size} data-testid="thumbnail-placeholder" title={image.failed ? t('attach.unavailable') : undefined}>
        {image.failed ? '🖼' : null}
      </span>
    );
  }
  return <img className={`thumb ${cover ? 'cover' : ''}`} src={image.url} alt={alt} style={size} draggable={false} data-testid="thumbnail" data-hash={part.hash} />;
}
