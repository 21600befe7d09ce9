import type { Express } from 'express';

import { anonymous, call } from '../../test/client';
import type { TestApi } from '../../test/harness';
import { useTestApi } from '../../test/use-test-api';

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every (method, path) the Express router actually serves. */
function servedRoutes(api: TestApi): { method: string; path: string }[] {
  const express = api.app.getHttpAdapter().getInstance() as Express;
  const stack = (express as unknown as { router: { stack: RouterLayer[] } }).router.stack;
  return stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    return paths.flatMap((path) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method, path: path.replace(/:([A-Za-z]+)/g, '{$1}') })),
    );
  });
}

describe('the OpenAPI document', () => {
  const live = useTestApi();

  it('documents every route the app serves', async () => {
    const answer = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      live.api,
      anonymous,
      'GET',
      '/api/docs.json',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const routes = servedRoutes(live.api)
      // The Swagger UI's own static files (its HTML page is documented as /api/docs).
      .filter((route) => !route.path.startsWith('/api/docs/') && route.path !== '/api/docs.yaml')
      // Nest's catch-all that answers unknown routes with a 404.
      .filter((route) => route.path !== '/{*path}');
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter(
      (route) => answer.body.paths[route.path]?.[route.method] === undefined,
    );
    expect(missing).toEqual([]);
  });

  it('documents the error shape, the security schemes and request bodies from the contract', async () => {
    const answer = await call<{
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>
      >;
      components: {
        schemas: { Error: { properties: { error: { properties: Record<string, unknown> } } } };
        securitySchemes: Record<string, unknown>;
      };
    }>(live.api, anonymous, 'GET', '/api/docs.json');
    expect(
      Object.keys(answer.body.components.schemas.Error.properties.error.properties).sort(),
    ).toEqual(['code', 'details', 'message', 'requestId']);
    expect(Object.keys(answer.body.components.securitySchemes).sort()).toEqual([
      'apiKey',
      'session',
    ]);
    const createTarget = answer.body.paths['/targets']!.post!;
    expect(JSON.stringify(createTarget.requestBody)).toContain('baseUrl');
    expect(Object.keys(createTarget.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '413', '422', '429']),
    );
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await fetch(`${live.api.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger');
  });
});
