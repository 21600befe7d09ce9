import { PROBE_NAMES } from '@shakedown/core/config';
import { leadRank, severityRank, type Severity } from '@shakedown/core/findings';

/** What the run page needs of a finding; the API's findings and the report's both fit. */
export interface FindingLike {
  id: string;
  code: string;
  probe: string;
  route: string;
  severity: Severity;
  title: string;
}

export interface FindingGroup<F extends FindingLike> {
  probe: string;
  worst: Severity;
  findings: F[];
}

const probeOrder = (probe: string) => {
  const index = (PROBE_NAMES as readonly string[]).indexOf(probe);
  return index === -1 ? PROBE_NAMES.length : index;
};

/** What took the target down goes first: the checks after it could not run (docs/spec/findings.md). */
const firstRank = (finding: FindingLike | undefined) => leadRank(finding?.code ?? '');

function compareFindings(a: FindingLike, b: FindingLike): number {
  return (
    firstRank(a) - firstRank(b) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.route.localeCompare(b.route) ||
    a.code.localeCompare(b.code) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Findings grouped by probe, worst severity first within a group, and groups ordered by their
 * worst finding (ties in the engine's probe order); an availability finding and its group lead.
 */
export function groupFindings<F extends FindingLike>(findings: readonly F[]): FindingGroup<F>[] {
  const byProbe = new Map<string, F[]>();
  for (const finding of findings) {
    const list = byProbe.get(finding.probe) ?? [];
    list.push(finding);
    byProbe.set(finding.probe, list);
  }
  const groups = [...byProbe].map(([probe, list]) => {
    const sorted = [...list].sort(compareFindings);
    return { probe, worst: sorted[0]!.severity, findings: sorted };
  });
  return groups.sort(
    (a, b) =>
      firstRank(a.findings[0]) - firstRank(b.findings[0]) ||
      severityRank(a.worst) - severityRank(b.worst) ||
      probeOrder(a.probe) - probeOrder(b.probe) ||
      a.probe.localeCompare(b.probe),
  );
}

export interface GroupSlice<F extends FindingLike> {
  probe: string;
  /** Findings of the probe in the whole list, not only on this page. */
  total: number;
  /** True when the group started on an earlier page. */
  continued: boolean;
  findings: F[];
}

/** One page (from 1) of the grouped list, `pageSize` findings, keeping group headings. */
export function pageOfGroups<F extends FindingLike>(
  groups: readonly FindingGroup<F>[],
  page: number,
  pageSize: number,
): GroupSlice<F>[] {
  const start = (page - 1) * pageSize;
  const end = start + pageSize;
  const slices: GroupSlice<F>[] = [];
  let offset = 0;
  for (const group of groups) {
    const groupStart = offset;
    const groupEnd = offset + group.findings.length;
    offset = groupEnd;
    if (groupEnd <= start || groupStart >= end) continue;
    const from = Math.max(start, groupStart) - groupStart;
    const to = Math.min(end, groupEnd) - groupStart;
    slices.push({
      probe: group.probe,
      total: group.findings.length,
      continued: from > 0,
      findings: group.findings.slice(from, to),
    });
  }
  return slices;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
