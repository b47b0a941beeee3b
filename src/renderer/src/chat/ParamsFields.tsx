// Sampling parameters with the ranges of the selected protocol (OpenAI chat/completions or Anthropic Messages).
// An empty field means "not sent: the gateway decides".
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatParams, Protocol } from '../../../shared/domain';

interface NumberSpec {
  key: 'temperature' | 'maxTokens' | 'topP' | 'frequencyPenalty' | 'presencePenalty' | 'logprobs' | 'n';
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  slider?: boolean;
}

/** Which parameters a protocol takes, with its ranges. */
export function numberSpecs(protocol: Protocol): NumberSpec[] {
  if (protocol === 'anthropic') {
    return [
      { key: 'temperature', min: 0, max: 1, step: 0.05, slider: true },
      { key: 'maxTokens', min: 1, max: 1_000_000, step: 1, integer: true },
      { key: 'topP', min: 0, max: 1, step: 0.05, slider: true },
    ];
  }
  return [
    { key: 'temperature', min: 0, max: 2, step: 0.1, slider: true },
    { key: 'maxTokens', min: 1, max: 1_000_000, step: 1, integer: true },
    { key: 'topP', min: 0, max: 1, step: 0.05, slider: true },
    { key: 'frequencyPenalty', min: -2, max: 2, step: 0.1, slider: true },
    { key: 'presencePenalty', min: -2, max: 2, step: 0.1, slider: true },
    { key: 'logprobs', min: 0, max: 5, step: 1, integer: true },
    { key: 'n', min: 1, max: 8, step: 1, integer: true },
  ];
}

function NumberField({ spec, value, protocol, onChange }: { spec: NumberSpec; value: number | undefined; protocol: Protocol; onChange(value: number | undefined): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const parsed = text.trim() === '' ? undefined : Number(text);
  const invalid =
    parsed !== undefined && (!Number.isFinite(parsed) || parsed < spec.min || parsed > spec.max || (spec.integer === true && !Number.isInteger(parsed)));
  const outOfRange = value !== undefined && (value < spec.min || value > spec.max);
  const required = spec.key === 'maxTokens' && protocol === 'anthropic';

  const commit = (next: string) => {
    setText(next);
    const n = next.trim() === '' ? undefined : Number(next);
    if (n === undefined) onChange(undefined);
    else if (Number.isFinite(n) && n >= spec.min && n <= spec.max && (!spec.integer || Number.isInteger(n))) onChange(n);
  };

  return (
    <div className={`param-field ${invalid || outOfRange ? 'invalid' : ''}`}>
      <label htmlFor={`param-${spec.key}`}>
        <span>
          {t(`params.${spec.key}`)}
          {required && <span className="badge">{t('params.required')}</span>}
        </span>
        <span className="muted small">
          {spec.min} ~ {spec.max.toLocaleString()}
        </span>
      </label>
      <div className="param-inputs">
        {spec.slider && (
          <input
            type="range"
            min={spec.min}
            max={spec.max}
            step={spec.step}
            value={parsed !== undefined && !invalid ? parsed : (spec.min + spec.max) / 2}
            className={value === undefined ? 'unset' : ''}
            onChange={(e) => commit(e.target.value)}
            aria-label={t(`params.${spec.key}`)}
          />
        )}
        <input
          id={`param-${spec.key}`}
          type="number"
          inputMode="decimal"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={text}
          placeholder={required ? '4096' : t('params.default')}
          onChange={(e) => commit(e.target.value)}
          data-testid={`param-${spec.key}`}
        />
        {value !== undefined && (
          <button type="button" className="ghost small" onClick={() => commit('')} title={t('params.reset')} data-testid={`param-${spec.key}-reset`}>
            ↺
          </button>
        )}
      </div>
      <p className="muted small">{t(`params.help.${spec.key}`)}</p>
      {invalid && <p className="error small">{t('params.outOfRange', { min: spec.min, max: spec.max })}</p>}
      {!invalid && outOfRange && <p className="error small">{t('params.protocolRange', { min: spec.min, max: spec.max })}</p>}
    </div>
  );
}

function StopField({ value, onChange, anthropic }: { value: string[]; onChange(value: string[] | undefined): void; anthropic: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = () => {
    const word = draft.replace(/\\n/g, '\n');
    if (!word || value.includes(word) || value.length >= 16) return;
    onChange([...value, word]);
    setDraft('');
  };
  return (
    <div className="param-field">
      <label htmlFor="param-stop">
        <span>{t(anthropic ? 'params.stopSequences' : 'params.stop')}</span>
        <span className="muted small">≤ 16</span>
      </label>
      <div className="chips">
        {value.map((word) => (
          <span key={word} className="chip" data-testid="stop-chip">
            {JSON.stringify(word).slice(1, -1)}
            <button type="button" className="ghost small" aria-label={t('common.remove')} onClick={() => onChange(value.filter((w) => w !== word).length ? value.filter((w) => w !== word) : undefined)}>
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="param-inputs">
        <input
          id="param-stop"
          value={draft}
          placeholder={t('params.stopPlaceholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              add();
            }
          }}
          data-testid="param-stop"
        />
        <button type="button" className="small" onClick={add} data-testid="param-stop-add">
          {t('common.add')}
        </button>
      </div>
    </div>
  );
}

export function ParamsFields({ protocol, params, onChange }: { protocol: Protocol; params: ChatParams; onChange(params: ChatParams): void }) {
  const { t } = useTranslation();
  const set = <K extends keyof ChatParams>(key: K, value: ChatParams[K] | undefined) => {
    const next: ChatParams = { ...params };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const streamValue = params.stream === undefined ? 'default' : params.stream ? 'on' : 'off';
  return (
    <div className="params-fields" data-protocol={protocol}>
      <p className="muted small">{t(protocol === 'anthropic' ? 'params.protocolAnthropic' : 'params.protocolOpenai')}</p>
      {numberSpecs(protocol).map((spec) => (
        <NumberField key={spec.key} spec={spec} protocol={protocol} value={params[spec.key]} onChange={(v) => set(spec.key, v)} />
      ))}
      <StopField value={params.stop ?? []} onChange={(v) => set('stop', v)} anthropic={protocol === 'anthropic'} />
      <div className="param-field">
        <label htmlFor="param-stream">{t('params.stream')}</label>
        <select id="param-stream" value={streamValue} onChange={(e) => set('stream', e.target.value === 'default' ? undefined : e.target.value === 'on')} data-testid="param-stream">
          <option value="default">{t('params.default')}</option>
          <option value="on">{t('params.streamOn')}</option>
          <option value="off">{t('params.streamOff')}</option>
        </select>
      </div>
      {protocol === 'openai' && (
        <div className="param-field">
          <label htmlFor="param-user">{t('params.user')}</label>
          <input id="param-user" maxLength={256} value={params.user ?? ''} placeholder={t('params.userPlaceholder')} onChange={(e) => set('user', e.target.value || undefined)} data-testid="param-user" />
        </div>
      )}
    </div>
  );
}
