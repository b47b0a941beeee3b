// A message's images at full size over the window; Esc, the backdrop or × closes it, ← → move between images.
// Rendered into <body>: a row of the virtualized list is transformed, which would trap a fixed overlay.
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ImagePart } from '../../../shared/domain';
import { fitInto } from './Thumbnail';
import { useFullImageUrl } from './imageUrls';

interface LightboxProps {
  images: ImagePart[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}

export function Lightbox({ images, index, onIndex, onClose }: LightboxProps) {
  const { t } = useTranslation();
  const part = images[index]!;
  const image = useFullImageUrl(part.hash);
  const closeButton = useRef<HTMLButtonElement>(null);
  const several = images.length > 1;

  useEffect(() => {
    const previouslyFocused = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    return () => previouslyFocused?.focus();
  }, []);

  useEffect(() => {
    // Capture phase, and consumed: Esc closes the image, not also the reply or a search behind it.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else if (e.key === 'ArrowRight' && index < images.length - 1) onIndex(index + 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [images.length, index, onClose, onIndex]);

  // Until the full image arrives, hold its place at its real proportions.
  const placeholder = fitInto(part, 480);
  return createPortal(
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={t('attach.viewer')} onMouseDown={(e) => e.target === e.currentTarget && onClose()} data-testid="lightbox">
      <button type="button" ref={closeButton} className="lightbox-close" onClick={onClose} aria-label={t('common.close')} data-testid="lightbox-close">
        ×
      </button>
      {several && (
        <button type="button" className="lightbox-step previous" disabled={index === 0} onClick={() => onIndex(index - 1)} aria-label={t('attach.previous')}>
          ‹
        </button>
      )}
      <figure className="lightbox-figure" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
        {image.url ? (
          <img src={image.url} alt={t('attach.imageN', { index: index + 1 })} data-testid="lightbox-image" data-hash={part.hash} />
        ) : (
          <span className="thumb-placeholder lightbox-placeholder" style={placeholder}>
            {image.failed ? t('attach.unavailable') : <span className="spinner" aria-hidden />}
          </span>
        )}
        <figcaption>
          {several && <span>{t('attach.counter', { index: index + 1, count: images.length })}</span>}
          {part.width && part.height && (
            <span>
              {part.width}×{part.height}
            </span>
          )}
        </figcaption>
      </figure>
      {several && (
        <button type="button" className="lightbox-step next" disabled={index === images.length - 1} onClick={() => onIndex(index + 1)} aria-label={t('attach.next')}>
          ›
        </button>
      )}
    </div>,
    document.body,
  );
}
