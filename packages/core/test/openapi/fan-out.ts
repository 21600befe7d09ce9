/**
 * The document of issue 12: schemas that fan out, `width` properties per level, each a `$ref`
 * to the next level, `levels` deep. 2.7 KB of JSON; followed naively, width^levels values.
 */
export function fanOutDocument(levels = 8, width = 6): string {
  const schemas: Record<string, unknown> = {};
  for (let level = 0; level < levels; level += 1) {
    const properties: Record<string, unknown> = {};
    for (let index = 0; index < width; index += 1) {
      properties[`p${index}`] =
        level === levels - 1 ? { type: 'string' } : { $ref: `#/components/schemas/L${level + 1}` };
    }
    schemas[`L${level}`] = { type: 'object', required: Object.keys(properties), properties };
  }
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'fan-out', version: '1' },
    servers: [{ url: 'http://127.0.0.1:4010' }],
    paths: {
      '/things': {
        post: {
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } },
          },
          responses: { '201': { description: 'created' } },
        },
      },
    },
    components: { schemas },
  });
}
