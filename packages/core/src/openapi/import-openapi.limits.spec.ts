import { countExpandedNodes, ImportBudget, DEFAULT_IMPORT_LIMITS } from './import-limits';
import { fanOutDocument } from '../../test/openapi/fan-out';
import { corpusText, draft, refused } from '../../test/openapi/draft-helpers';

describe('importOpenApi: bounded work', () => {
  it("refuses issue 12's fan-out document (6 properties per level, 8 levels of $ref) as too complex", async () => {
    const text = fanOutDocument(8, 6);
    expect(text.length).toBeLessThan(3_000);
    const result = await refused(text);
    expect(result.code).toBe('document_too_complex');
    expect(result.issues[0]!.message).toMatch(/\$refs expand its \d+ values to more than 1000000/);
  });

  it('refuses a fan-out small enough to validate but whose body needs too many values', async () => {
    const result = await refused(fanOutDocument(6, 6));
    expect(result).toEqual({
      ok: false,
      code: 'document_too_complex',
      issues: [{ path: '', message: 'a sample body needs more than 5000 values' }],
    });
  });

  it('drafts the same shape when it stays small', async () => {
    const result = await draft(fanOutDocument(3, 3));
    expect(result.routes).toHaveLength(1);
  });

  it('stops at the draft size and time limits', async () => {
    const text = corpusText('payments-3.1.yaml');
    const tooBig = await refused(text, { limits: { maxDraftBytes: 200 } });
    expect(tooBig.issues[0]!.message).toMatch(/^the draft would be \d+ bytes; the limit is 200$/);
    const tooSlow = await refused(text, { limits: { maxMs: 0 } });
    expect(tooSlow).toMatchObject({ code: 'document_too_complex' });
    expect(tooSlow.issues[0]!.message).toMatch(/took longer than 0 s/);
    const tooLong = await refused(text, { limits: { maxDocumentBytes: 100 } });
    expect(tooLong.issues[0]!.message).toMatch(/characters long; the limit is 100$/);
  });

  it('counts expansion once per object, cycles included, and stops counting past the limit', () => {
    const leaf = { type: 'string' };
    const shared = { a: leaf, b: leaf };
    expect(countExpandedNodes({ x: shared, y: shared }, 1_000)).toBe(1 + 2 * (1 + 2 * 2));
    const cyclic: Record<string, unknown> = { name: 'n' };
    cyclic.self = cyclic;
    expect(countExpandedNodes(cyclic, 1_000)).toBe(3);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 60; level += 1) deep = { a: deep, b: deep };
    expect(countExpandedNodes(deep, 10_000)).toBe(10_001);
  });

  it('gives every generated value to one budget across the samples', () => {
    const budget = new ImportBudget({ ...DEFAULT_IMPORT_LIMITS, maxGeneratedNodes: 10 });
    budget.addGenerated(10);
    expect(() => budget.addGenerated(1)).toThrow(/more than 10 values in all/);
  });

  it('reads YAML aliases only so far (no billion laughs)', async () => {
    const aliases = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 0; level < 8; level += 1) {
      aliases.push(
        `${String.fromCharCode(98 + level)}: &${String.fromCharCode(98 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + level)}`)
          .join(', ')}]`,
      );
    }
    const result = await refused(`openapi: 3.0.0\n${aliases.join('\n')}\npaths: {}\n`);
    expect(result.issues[0]!.message).toMatch(/not valid JSON or YAML: .*alias/i);
  });
});
