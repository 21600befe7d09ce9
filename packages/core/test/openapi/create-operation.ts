/** `content` of an OpenAPI 3 body or answer: a JSON object with these properties. */
function jsonObject(properties: Record<string, unknown>) {
  return { 'application/json': { schema: { type: 'object', properties } } };
}

/**
 * An OpenAPI 3 create operation: a JSON body with the properties of `body`, answered `201` with
 * a JSON object with the properties of `answer` (where the id field is).
 */
export function createOperation(body: Record<string, unknown>, answer: Record<string, unknown>) {
  return {
    requestBody: { content: jsonObject(body) },
    responses: { '201': { description: 'ok', content: jsonObject(answer) } },
  };
}
