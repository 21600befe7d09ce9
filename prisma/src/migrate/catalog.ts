import type { Client } from 'pg';

/**
 * A database's public schema as sorted lines (tables, columns, enums, indexes, constraints),
 * so two databases can be compared by what they are, not by the SQL that made them.
 */
export async function describeCatalog(client: Client): Promise<string[]> {
  const queries = [
    `SELECT format('column %s.%s %s%s null=%s default=%s', table_name, column_name, udt_name,
              CASE WHEN data_type = 'ARRAY' THEN '[]' ELSE '' END, is_nullable,
              coalesce(column_default, '-')) AS line
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    `SELECT format('enum %s = %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)) AS line
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public'
      GROUP BY t.typname`,
    `SELECT format('index %s', indexdef) AS line
       FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    `SELECT format('constraint %s on %s: %s', c.conname, r.relname, pg_get_constraintdef(c.oid)) AS line
       FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = r.relnamespace
      WHERE n.nspname = 'public' AND r.relname <> '_prisma_migrations'`,
  ];
  const lines: string[] = [];
  for (const sql of queries) {
    const result = await client.query<{ line: string }>(sql);
    lines.push(...result.rows.map((row) => row.line));
  }
  return lines.sort();
}

/** Lines only one side has, marked `-` (only in `a`) and `+` (only in `b`). */
export function diffCatalogs(a: readonly string[], b: readonly string[]): string[] {
  const inA = new Set(a);
  const inB = new Set(b);
  return [
    ...a.filter((line) => !inB.has(line)).map((line) => `- ${line}`),
    ...b.filter((line) => !inA.has(line)).map((line) => `+ ${line}`),
  ];
}
