import { z } from 'zod';

import type { Role } from '../common.schema';

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Everything about one route in one place, as plain data: the API's router, guards and
 * validation read it, the OpenAPI document is built from it, and the typed client
 * (`ContractClient`) calls it, so a path or a schema cannot differ between them. `access` is
 * `public`, `user` (a signed-in user, no organisation) or the least role in the organisation.
 */
export interface EndpointSpec {
  method: EndpointMethod;
  /** The path template; `:name` segments are parameters, e.g. `/targets/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: 'public' | 'user' | Role;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Success status; 200 unless given. */
  status?: number;
  /** A POST that creates something: `Idempotency-Key` is honoured. */
  idempotent?: boolean;
  /** Accepts bodies up to 2 MB (config documents, OpenAPI uploads) instead of 64 KB. */
  largeBody?: boolean;
  /** Per client address limits of the account endpoints. */
  addressLimit?: 'sign-in' | 'sign-up';
  /**
   * The service validates the body itself (config documents: core's parser names each path
   * and answers `invalid_config`); `body` then only documents it.
   */
  serviceValidates?: boolean;
  /** Non-JSON answers, e.g. the report download or the event stream. */
  produces?: string[];
  /** Error statuses particular to this endpoint, with what they mean here (e.g. `422`). */
  errors?: Record<string, string>;
}

/** An empty JSON object (or no body at all): actions that take no input still refuse junk. */
export const EmptyBodySchema = z.strictObject({});

/** Keeps each spec's literal types (its path above all), which the typed client reads. */
export function defineEndpoints<const T extends Record<string, EndpointSpec>>(specs: T): T {
  return specs;
}
