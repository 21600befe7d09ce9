import {
  PAYLOAD_UNITS,
  RATE_UNITS,
  type PayloadUnit,
  type RateUnit,
} from '@shakedown/core/estimator';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';

import { TextField } from '../../../components/text-field';
import {
  DEFAULT_ESTIMATOR_FORM,
  estimateFromForm,
  type EstimatorFormValues,
  type EstimatorNumberField,
} from '../utils/estimator-form';
import { toGrowthSeries } from '../utils/to-growth-series';
import { WarningBadge } from './warning-badge';

const GrowthChart = lazy(() => import('./growth-chart'));

interface EstimatorWidgetProps {
  /** Values to start from, e.g. the payload size a finding recorded. */
  initialValues?: Partial<EstimatorFormValues>;
  /** Says where pre-filled values came from. */
  prefillNote?: ReactNode;
}

interface NumberInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: string;
  unit?: ReactNode;
}

function NumberInput({ onChange, ...field }: NumberInputProps) {
  return (
    <TextField
      inputMode="decimal"
      autoComplete="off"
      onChange={(event) => onChange(event.target.value)}
      {...field}
    />
  );
}

/**
 * The defensive capacity estimator of docs/spec/estimator.md: inputs with units, results
 * that follow every keystroke, the warning level as a badge and the growth over the period.
 */
export function EstimatorWidget({ initialValues, prefillNote }: EstimatorWidgetProps) {
  const [values, setValues] = useState<EstimatorFormValues>({
    ...DEFAULT_ESTIMATOR_FORM,
    ...initialValues,
  });
  const result = useMemo(() => estimateFromForm(values), [values]);
  const points = useMemo(() => (result.ok ? toGrowthSeries(result.estimate.series) : []), [result]);
  const errors = result.ok ? {} : result.errors;
  const set = (field: EstimatorNumberField) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  return (
    <section aria-labelledby="estimator-heading" className="stack">
      <h2 id="estimator-heading">Capacity risk estimator</h2>
      <p className="alert alert--info">
        A defensive planning aid, not an attack tool: it shows what weak payload limits can cost if
        oversized junk keeps arriving on a route that accepts it. The figures are estimates from the
        numbers you enter; sizes use powers of 1024 (1 GB = 1024³ bytes).
      </p>
      {prefillNote ? <p className="muted">{prefillNote}</p> : null}
      <div className="grid">
        <form className="card" onSubmit={(event) => event.preventDefault()} noValidate>
          <h3>Inputs</h3>
          <NumberInput
            label="Request rate"
            value={values.rate}
            onChange={set('rate')}
            error={errors.rate}
            unit={
              <select
                aria-label="Rate per"
                value={values.rateUnit}
                onChange={(event) =>
                  setValues((current) => ({ ...current, rateUnit: event.target.value as RateUnit }))
                }
              >
                {RATE_UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    per {unit}
                  </option>
                ))}
              </select>
            }
          />
          <NumberInput
            label="Average payload size"
            value={values.payloadSize}
            onChange={set('payloadSize')}
            error={errors.payloadSize}
            unit={
              <select
                aria-label="Payload size unit"
                value={values.payloadUnit}
                onChange={(event) =>
                  setValues((current) => ({
                    ...current,
                    payloadUnit: event.target.value as PayloadUnit,
                  }))
                }
              >
                {PAYLOAD_UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {unit}
                  </option>
                ))}
              </select>
            }
          />
          <NumberInput
            label="Duration"
            value={values.durationDays}
            onChange={set('durationDays')}
            error={errors.durationDays}
            unit={<span className="muted">days</span>}
          />
          <NumberInput
            label="Share of requests the route accepts"
            value={values.acceptedPercent}
            onChange={set('acceptedPercent')}
            error={errors.acceptedPercent}
            unit={<span className="muted">%</span>}
          />
          <NumberInput
            label="Storage overhead"
            value={values.storageOverhead}
            onChange={set('storageOverhead')}
            error={errors.storageOverhead}
            hint="Indexes, row metadata, logs and backups, as a multiplier (1 = none)"
            unit={<span className="muted">×</span>}
          />
          <NumberInput
            label="Storage price"
            value={values.pricePerGbMonth}
            onChange={set('pricePerGbMonth')}
            error={errors.pricePerGbMonth}
            unit={<span className="muted">per GB-month</span>}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => setValues({ ...DEFAULT_ESTIMATOR_FORM, ...initialValues })}
          >
            Reset
          </button>
        </form>
        <div className="card" aria-live="polite" aria-labelledby="estimator-results-heading">
          <h3 id="estimator-results-heading">Results</h3>
          {result.ok ? (
            <dl className="stack">
              <div>
                <dt>Estimated raw incoming data</dt>
                <dd className="stat" data-testid="estimate-raw">
                  {result.estimate.display.raw}
                </dd>
              </div>
              <div>
                <dt>Estimated stored database growth</dt>
                <dd className="stat" data-testid="estimate-stored">
                  {result.estimate.display.stored}
                </dd>
              </div>
              <div>
                <dt>Warning level</dt>
                <dd data-testid="estimate-warning">
                  <WarningBadge level={result.estimate.warning} />
                </dd>
              </div>
              <div>
                <dt>Monthly storage cost at the end of the period</dt>
                <dd data-testid="estimate-monthly">{result.estimate.display.monthlyCost}</dd>
              </div>
              <div>
                <dt>Cumulative storage cost over the period</dt>
                <dd data-testid="estimate-cumulative">{result.estimate.display.cumulativeCost}</dd>
              </div>
            </dl>
          ) : (
            <p className="field__error">Fix the highlighted inputs to see the estimate.</p>
          )}
        </div>
      </div>
      {result.ok ? (
        <figure className="card" aria-label="Growth over the period">
          <figcaption>
            <h3>Growth over {result.estimate.input.durationDays} days</h3>
            <span className="muted">
              Stored growth reaches {result.estimate.display.stored} on day{' '}
              {result.estimate.input.durationDays}.
            </span>
          </figcaption>
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <GrowthChart points={points} />
          </Suspense>
        </figure>
      ) : null}
    </section>
  );
}
