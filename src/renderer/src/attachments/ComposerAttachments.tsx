// The images attached to the draft: thumbnails, each removable; a spinner tile while a file is being checked.
import { useTranslation } from 'react-i18next';
import type { PendingImage } from './pendingImages';
import { Thumbnail } from './Thumbnail';

const SIDE = 72;

export function ComposerAttachments({ images, onRemove }: { images: readonly PendingImage[]; onRemove(id: number): void }) {
  const { t } = useTranslation();
  if (!images.length) return null;
  return (
    <ul className="composer-attachments" data-testid="composer-attachments">
      {images.map((image) => (
        <li key={image.id} className="composer-attachment" data-testid="composer-attachment" data-status={image.status} title={image.name}>
          {image.status === 'ready' ? (
            <Thumbnail part={image.part} alt={t('attach.image', { name: image.name })} side={SIDE} cover />
          ) : (
            <span className="thumb-placeholder ingesting" style={{ width: SIDE, height: SIDE }} role="status" aria-label={t('attach.ingesting', { name: image.name })}>
              <span className="spinner" aria-hidden />
            </span>
          )}
          <button type="button" className="attachment-remove" onClick={() => onRemove(image.id)} aria-label={t('attach.remove', { name: image.name })} data-testid="remove-attachment">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
