// The images of a sent message: thumbnails that open the lightbox.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImagePart, MessagePart } from '../../../shared/domain';
import { Lightbox } from './Lightbox';
import { Thumbnail } from './Thumbnail';

export function imagePartsOf(parts: MessagePart[]): ImagePart[] {
  return parts.filter((part): part is ImagePart => part.type === 'image');
}

export function MessageImages({ images }: { images: ImagePart[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (!images.length) return null;
  // One image may be large; several sit side by side.
  const side = images.length === 1 ? 240 : 132;
  return (
    <div className="message-images" role="group" aria-label={t('msg.images', { count: images.length })} data-testid="message-images">
      {images.map((part, index) => (
        <button type="button" key={`${part.hash}-${index}`} className="message-image" onClick={() => setOpen(index)} title={t('attach.open')} data-testid="message-image" data-hash={part.hash}>
          <Thumbnail part={part} alt={t('attach.imageN', { index: index + 1 })} side={side} />
        </button>
      ))}
      {open !== null && <Lightbox images={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </div>
  );
}
