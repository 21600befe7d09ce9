import swagger from '@fastify/swagger';
import Fastify from 'fastify';

import { WIDGET, WIDGET_INPUT, WidgetStore } from './widgets.target';

export interface FastifyWidgetsOptions {
  /** The document @fastify/swagger writes: OpenAPI 3.0 or Swagger 2.0. */
  spec: 'openapi' | 'swagger';
  /** Whether fastify validates bodies against the route's schema (its default), or not at all. */
  validation: boolean;
}

export interface FastifyWidgets {
  url: string;
  close(): Promise<void>;
}

const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' } },
} as const;

/**
 * The widgets API written the fastify way: {@link WIDGET_INPUT} as the route's body schema,
 * which fastify's own ajv enforces (formats included), and the document @fastify/swagger
 * writes from the routes served at `/openapi.json`.
 */
export async function startFastifyWidgets(options: FastifyWidgetsOptions): Promise<FastifyWidgets> {
  const app = Fastify();
  const info = { title: 'fastify widgets', version: '1' };
  await app.register(
    swagger,
    options.spec === 'openapi' ? { openapi: { info } } : { swagger: { info } },
  );
  if (!options.validation) app.setValidatorCompiler(() => () => true);
  const store = new WidgetStore();
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.post(
    '/widgets',
    { schema: { body: WIDGET_INPUT, response: { 201: WIDGET } } },
    async (request, reply) =>
      reply.code(201).send(store.create(request.body as Record<string, unknown>)),
  );
  app.get<{ Params: { id: number } }>(
    '/widgets/:id',
    { schema: { params: ID_PARAMS, response: { 200: WIDGET } } },
    async (request, reply) => {
      const widget = store.read(Number(request.params.id));
      return widget ?? reply.code(404).send({ error: 'not found' });
    },
  );
  app.delete<{ Params: { id: number } }>(
    '/widgets/:id',
    { schema: { params: ID_PARAMS } },
    async (request, reply) =>
      reply.code(store.remove(Number(request.params.id)) ? 204 : 404).send(),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
