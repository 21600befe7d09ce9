import type { Severity } from '@shakedown/core/findings';

import { groupFindings, pageCount, pageOfGroups, type FindingLike } from './group-findings';

let next = 0;
const finding = (probe: string, severity: Severity, route = 'r'): FindingLike => ({
  id: `f${String(next++).padStart(4, '0')}`,
  code: `${probe}.x`,
  probe,
  route,
  severity,
  title: `${probe} ${severity}`,
});

describe('groupFindings', () => {
  it('groups by probe, the worst group and the worst finding first', () => {
    const groups = groupFindings([
      finding('payload', 'medium'),
      finding('idempotency', 'high'),
      finding('payload', 'high', 'b'),
      finding('tenant', 'critical'),
      finding('payload', 'high', 'a'),
      finding('errors', 'medium'),
    ]);
    expect(groups.map((group) => [group.probe, group.worst])).toEqual([
      ['tenant', 'critical'],
      ['idempotency', 'high'],
      ['payload', 'high'],
      ['errors', 'medium'],
    ]);
    expect(groups[2]?.findings.map((f) => `${f.severity}:${f.route}`)).toEqual([
      'high:a',
      'high:b',
      'medium:r',
    ]);
  });

  it('puts the finding that took the target down, and its group, first', () => {
    const down: FindingLike = {
      ...finding('errors', 'critical'),
      code: 'availability.broken_by_request',
    };
    const groups = groupFindings([
      finding('idempotency', 'critical'),
      finding('errors', 'critical', 'a'),
      down,
      finding('tenant', 'critical'),
    ]);
    expect(groups.map((group) => group.probe)).toEqual(['errors', 'idempotency', 'tenant']);
    expect(groups[0]?.findings[0]).toBe(down);
  });

  it('is empty for no findings', () => {
    expect(groupFindings([])).toEqual([]);
  });
});

describe('pageOfGroups', () => {
  const groups = groupFindings([
    ...Array.from({ length: 7 }, () => finding('tenant', 'critical')),
    ...Array.from({ length: 5 }, () => finding('schema', 'medium')),
  ]);

  it('cuts pages across groups, saying which group continues', () => {
    expect(pageCount(12, 5)).toBe(3);
    const pages = [1, 2, 3].map((page) =>
      pageOfGroups(groups, page, 5).map((slice) => [
        slice.probe,
        slice.findings.length,
        slice.total,
        slice.continued,
      ]),
    );
    expect(pages).toEqual([
      [['tenant', 5, 7, false]],
      [
        ['tenant', 2, 7, true],
        ['schema', 3, 5, false],
      ],
      [['schema', 2, 5, true]],
    ]);
  });

  it('puts every finding on exactly one page', () => {
    const seen = [1, 2, 3, 4].flatMap((page) =>
      pageOfGroups(groups, page, 5).flatMap((slice) => slice.findings.map((f) => f.id)),
    );
    expect(new Set(seen).size).toBe(12);
    expect(seen).toHaveLength(12);
  });

  it('has one page for an empty list', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageOfGroups([], 1, 25)).toEqual([]);
  });
});
