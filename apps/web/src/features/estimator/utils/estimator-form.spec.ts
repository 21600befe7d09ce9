import { DEFAULT_ESTIMATOR_FORM, estimateFromForm } from './estimator-form';

describe('estimateFromForm', () => {
  it('reads plain decimals, with or without thousands separators', () => {
    const result = estimateFromForm({
      ...DEFAULT_ESTIMATOR_FORM,
      rate: '1,000',
      payloadSize: '.5',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.estimate.input.rate).toBe(1000);
    expect(result.estimate.input.payloadSize).toBe(0.5);
  });

  it.each(['', '   '])('says a blank field (%j) is required', (text) => {
    expect(estimateFromForm({ ...DEFAULT_ESTIMATOR_FORM, durationDays: text })).toEqual({
      ok: false,
      errors: { durationDays: 'Duration is required' },
    });
  });

  it.each(['ten', '1e', '0x10', '1.2.3', 'Infinity'])('refuses %j as a number', (text) => {
    expect(estimateFromForm({ ...DEFAULT_ESTIMATOR_FORM, pricePerGbMonth: text })).toEqual({
      ok: false,
      errors: { pricePerGbMonth: 'Storage price must be a number' },
    });
  });

  it('reports every field at fault', () => {
    const result = estimateFromForm({
      ...DEFAULT_ESTIMATOR_FORM,
      rate: '-3',
      acceptedPercent: '140',
      storageOverhead: '',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        rate: 'Request rate cannot be negative',
        acceptedPercent: 'Accepted share must be between 0 and 100 %',
        storageOverhead: 'Storage overhead is required',
      },
    });
  });
});
