import { useTranslation } from 'react-i18next';
import type { LogprobToken } from '../../../shared/domain';

/** Tokens tinted by probability; hovering (or focusing) one shows the alternatives the model considered. */
export function LogprobsView({ tokens }: { tokens: LogprobToken[] }) {
  const { t } = useTranslation();
  return (
    <div className="logprobs" data-testid="logprobs">
      <p className="muted small">{t('msg.logprobsHint')}</p>
      <div className="logprob-tokens">
        {tokens.map((token, i) => {
          const p = Math.exp(token.logprob);
          const title = [
            `${JSON.stringify(token.token)}  ${(p * 100).toFixed(1)}%`,
            ...token.top.map((alt) => `  ${JSON.stringify(alt.token)}  ${(Math.exp(alt.logprob) * 100).toFixed(1)}%`),
          ].join('\n');
          return (
            <span key={i} tabIndex={0} className="logprob-token" style={{ ['--p' as string]: p.toFixed(3) }} title={title} data-testid="logprob-token">
              {token.token}
            </span>
          );
        })}
      </div>
    </div>
  );
}
