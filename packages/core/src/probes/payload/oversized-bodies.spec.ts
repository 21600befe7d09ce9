import { MB, formatSize, oversizeSteps } from './oversized-bodies';

describe('oversized bodies', () => {
  it('sends 2×maxBodyBytes, 1 MB and 10 MB, only sizes above the limit', () => {
    expect(oversizeSteps(16 * 1024)).toEqual([32 * 1024, MB, 10 * MB]);
    expect(oversizeSteps(MB)).toEqual([2 * MB, 10 * MB]);
    expect(oversizeSteps(8 * MB)).toEqual([10 * MB, 16 * MB]);
    expect([32 * 1024, MB, 10 * MB, 1536 * 1024].map(formatSize)).toEqual([
      '32 KB',
      '1 MB',
      '10 MB',
      '1.5 MB',
    ]);
  });
});
