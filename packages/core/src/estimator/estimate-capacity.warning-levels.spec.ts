import { estimateCapacity, warningLevel } from './estimate-capacity';

const GB = 1024 ** 3;

describe('estimateCapacity: warning levels from stored growth', () => {
  it.each([
    [0, 'Low'],
    [GB - 1, 'Low'],
    [GB, 'Medium'],
    [10 * GB - 1, 'Medium'],
    [10 * GB, 'High'],
    [5000 * GB, 'High'],
  ] as const)('%d bytes stored is %s', (bytes, level) => {
    expect(warningLevel(bytes)).toBe(level);
  });

  it('grades the stored volume, not the raw one', () => {
    // 1 MB a minute for 10 days = 14,400 MB raw (14.06 GB): High if everything were kept.
    const base = {
      rate: 1,
      rateUnit: 'minute',
      payloadSize: 1,
      payloadUnit: 'MB',
      durationDays: 10,
    };
    const kept = estimateCapacity({ ...base, storageOverhead: 1 });
    // Only 5 % accepted: 720 MB stored.
    const filtered = estimateCapacity({ ...base, storageOverhead: 1, acceptedPercent: 5 });
    if (!kept.ok || !filtered.ok) throw new Error('unexpected issues');
    expect(kept.estimate.warning).toBe('High');
    expect(filtered.estimate.display.raw).toBe('14.06 GB');
    expect(filtered.estimate.display.stored).toBe('720.00 MB');
    expect(filtered.estimate.warning).toBe('Low');
  });

  it('is Medium for a few GB', () => {
    // 1 request a second of 10 KB for 30 days = 24.72 GB raw; 10 % accepted × 1.35 = 3.34 GB.
    const result = estimateCapacity({
      rate: 1,
      rateUnit: 'second',
      payloadSize: 10,
      payloadUnit: 'KB',
      acceptedPercent: 10,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.display.raw).toBe('24.72 GB');
    expect(result.estimate.display.stored).toBe('3.34 GB');
    expect(result.estimate.warning).toBe('Medium');
  });
});
