import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { buildReport } from '../../test/factories/report.factory';
import { CATALOGUE } from '../findings/catalogue';
import { writeJunitReport } from './junit';
import type { Report } from './report.schema';

interface ParsedCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message?: string } | '';
  error?: { message: string };
}
interface ParsedSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: ParsedCase[];
}
interface ParsedDocument {
  testsuites: {
    name: string;
    tests: string;
    failures: string;
    errors: string;
    skipped: string;
    time: string;
    testsuite?: ParsedSuite[];
  };
}

function parse(xml: string): ParsedDocument {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as ParsedDocument;
}

/** XML 1.0's Char production: anything outside it makes the document ill-formed. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('the JUnit writer', () => {
  const report = buildReport();
  const xml = writeJunitReport(report);
  const document = parse(xml);
  const suites = document.testsuites.testsuite ?? [];
  const cases = suites.flatMap((suite) => suite.testcase ?? []);

  it('writes well-formed XML, even from evidence full of markup and control characters', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(NOT_XML_CHAR.test(xml)).toBe(false);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('has one test case per check, and the counts add up', () => {
    expect(cases).toHaveLength(report.checks.length);
    expect(Number(document.testsuites.tests)).toBe(report.summary.checks);
    expect(Number(document.testsuites.failures)).toBe(report.summary.failed);
    expect(Number(document.testsuites.errors)).toBe(report.summary.error);
    expect(Number(document.testsuites.skipped)).toBe(report.summary.skipped);
    expect(Number(document.testsuites.time)).toBeCloseTo(41.512, 3);
    for (const suite of suites) {
      const own = suite.testcase ?? [];
      expect(Number(suite.tests)).toBe(own.length);
      expect(Number(suite.failures)).toBe(own.filter((c) => c.failure !== undefined).length);
      expect(Number(suite.errors)).toBe(own.filter((c) => c.error !== undefined).length);
      expect(Number(suite.skipped)).toBe(own.filter((c) => c.skipped !== undefined).length);
    }
  });

  it('groups checks by probe and names each case by code and route', () => {
    expect(suites.map((suite) => suite.name)).toEqual([
      'idempotency',
      'schema',
      'tenant',
      'errors',
      'payload',
      'load',
    ]);
    const names = cases.map((testcase) => testcase.name).sort();
    const expected = report.checks.map((check) => `${check.code} [${check.route}]`).sort();
    expect(names).toEqual(expected);
    for (const testcase of cases) {
      expect(testcase.name.startsWith(`${testcase.classname}.`)).toBe(true);
    }
  });

  it("puts each failed check's finding, evidence and fix in its <failure>", () => {
    const failure = cases.find(
      (c) => c.name === 'schema.unknown_field_persisted [create-order]',
    )?.failure;
    expect(failure?.message).toBe('Unknown field "isAdmin" was stored & read back <as true>');
    expect(failure?.type).toBe('schema.unknown_field_persisted (high)');
    const text = failure?.['#text'] ?? '';
    expect(text).toContain('The read-back of order 44 holds isAdmin: true');
    expect(text).toContain('POST http://127.0.0.1:4010/orders?x=1&y=2 → 201 (3.2 ms)');
    expect(text).toContain(
      'GET http://127.0.0.1:4010/orders/44 → connection reset before any answer',
    );
    expect(text).toContain(CATALOGUE['schema.unknown_field_persisted'].fix);

    const parallel = cases.find((c) =>
      c.name.startsWith('idempotency.duplicate_on_parallel_retry'),
    );
    expect(parallel?.failure?.['#text']).toContain('… and 3 more exchanges');
  });

  it('marks skipped and errored checks with their reasons', () => {
    const skipped = cases.find((c) => c.name === 'tenant.cross_read [create-order]');
    expect(skipped?.skipped).toEqual({ message: 'only one tenant configured' });
    const errored = cases.find((c) => c.classname === 'payload');
    expect(errored?.name).toBe('payload.oversize_accepted [upload <files> & "docs"]');
    expect(errored?.error?.message).toBe('run budget exhausted: maxBytes (200 MB) reached');
    const passed = cases.find((c) => c.name === 'idempotency.duplicate_on_retry [create-order]');
    expect(passed?.failure ?? passed?.skipped ?? passed?.error).toBeUndefined();
  });

  it('replaces characters XML cannot carry and keeps line breaks in attributes', () => {
    const withControl: Report = buildReport({
      checks: [
        {
          code: 'errors.stack_trace_leak',
          route: 'r',
          status: 'error',
          reason: 'line one\nline two\u0001 \ud800',
        },
      ],
      findings: [],
    });
    const written = writeJunitReport(withControl);
    expect(XMLValidator.validate(written)).toBe(true);
    expect(NOT_XML_CHAR.test(written)).toBe(false);
    const parsed = parse(written).testsuites.testsuite?.[0]?.testcase?.[0];
    expect(parsed?.error?.message).toBe('line one\nline two\uFFFD \uFFFD');
  });

  it('writes a valid empty document for a run without checks', () => {
    const empty = writeJunitReport(buildReport({ checks: [], findings: [] }));
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(parse(empty).testsuites.tests).toBe('0');
  });
});
