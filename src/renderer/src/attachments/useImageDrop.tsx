// Dropping image files onto a pane: a visible drop zone while a drag that may carry images is over it.
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dragMayCarryImages, filesOf } from './files';
import './attachments.css';

export function useImageDrop(onFiles: (files: File[]) => void) {
  // dragenter/dragleave fire for every child crossed: count them to know when the drag really left.
  const depth = useRef(0);
  const [active, setActive] = useState(false);
  const deliver = useRef(onFiles);
  deliver.current = onFiles;

  useEffect(() => {
    if (!active) return;
    // A drag that ends elsewhere (dropped outside, Esc) must not leave the zone up.
    const reset = () => {
      depth.current = 0;
      setActive(false);
    };
    window.addEventListener('dragend', reset);
    window.addEventListener('drop', reset);
    return () => {
      window.removeEventListener('dragend', reset);
      window.removeEventListener('drop', reset);
    };
  }, [active]);

  const onDragEnter = useCallback((e: DragEvent) => {
    if (!dragMayCarryImages(e.dataTransfer)) return;
    e.preventDefault();
    depth.current += 1;
    setActive(true);
  }, []);
  const onDragOver = useCallback((e: DragEvent) => {
    if (!dragMayCarryImages(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDragLeave = useCallback((e: DragEvent) => {
    if (!dragMayCarryImages(e.dataTransfer)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setActive(false);
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      if (!dragMayCarryImages(e.dataTransfer)) return;
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      const files = filesOf(e.dataTransfer);
      if (files.length) deliver.current(files);
    },
    [],
  );

  return { active, props: { onDragEnter, onDragOver, onDragLeave, onDrop } };
}

export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" data-testid="drop-zone" aria-hidden>
      <div className="drop-overlay-box">
        <strong>{t('attach.dropTitle')}</strong>
        <span>{t('attach.dropHint')}</span>
      </div>
    </div>
  );
}
