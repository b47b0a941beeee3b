// Shown above the composer when images are attached and the model is known not to see them: switch to a vision
// model of the same provider, or send anyway.
import { useTranslation } from 'react-i18next';
import { useProviders } from '../state/providers';
import type { VisionCheck } from './useVisionCheck';

interface VisionOfferProps {
  check: VisionCheck;
  busy: boolean;
  onSwitch(providerId: string, model: string): void;
  onSendAnyway(): void;
}

export function VisionOffer({ check, busy, onSwitch, onSendAnyway }: VisionOfferProps) {
  const { t } = useTranslation();
  const { providers } = useProviders();
  const provider = providers?.find((p) => p.provider.id === check.providerId)?.provider.name ?? check.providerId;
  return (
    <div className="vision-offer" role="alert" data-testid="vision-offer" data-model={check.model}>
      <p>
        <strong>{t('attach.offerTitle', { model: check.model })}</strong>{' '}
        {check.alternatives.length ? t('attach.offerSwitch', { provider }) : t('attach.offerNone', { provider })}
      </p>
      <div className="vision-offer-actions">
        {check.alternatives.map((alternative) => (
          <button
            type="button"
            className="primary small"
            key={alternative.id}
            disabled={busy}
            onClick={() => onSwitch(check.providerId, alternative.id)}
            data-testid="vision-switch"
            data-model={alternative.id}
            title={alternative.label}
          >
            {t('attach.switchTo', { model: alternative.id })}
          </button>
        ))}
        <button type="button" className="small" disabled={busy} onClick={onSendAnyway} data-testid="vision-send-anyway">
          {t('attach.sendAnyway')}
        </button>
      </div>
    </div>
  );
}
