import { EstimatorRequestSchema, EstimatorResponseSchema } from '../estimator.schema';
import {
  CreateRunRequestSchema,
  FindingListQuerySchema,
  FindingListSchema,
  FindingsOverviewSchema,
  ReportQuerySchema,
  RunComparisonSchema,
  RunListQuerySchema,
  RunListSchema,
  RunSchema,
} from '../runs.schema';

import { defineEndpoints, EmptyBodySchema } from './endpoint-spec';

export const RunEndpoints = defineEndpoints({
  create: {
    method: 'POST',
    path: '/targets/:id/runs',
    tag: 'runs',
    summary: 'Start a run (optionally a subset of probes): answers 202 with the queued run',
    description:
      'Refused with 409 `target_not_verified`, `run_already_active` (one active run per target), `concurrent_runs_limit` or `daily_runs_limit`.',
    access: 'member',
    idempotent: true,
    body: CreateRunRequestSchema,
    response: RunSchema,
    status: 202,
  },
  list: {
    method: 'GET',
    path: '/runs',
    tag: 'runs',
    summary: 'Run history, newest first, with filters',
    access: 'viewer',
    query: RunListQuerySchema,
    response: RunListSchema,
  },
  get: {
    method: 'GET',
    path: '/runs/:id',
    tag: 'runs',
    summary: 'One run: status, progress, timings and summary',
    access: 'viewer',
    response: RunSchema,
  },
  cancel: {
    method: 'POST',
    path: '/runs/:id/cancel',
    tag: 'runs',
    summary: 'Cancel a run: a queued one at once, a running one within seconds',
    access: 'member',
    body: EmptyBodySchema,
    response: RunSchema,
  },
  events: {
    method: 'GET',
    path: '/runs/:id/events',
    tag: 'runs',
    summary:
      'Server-Sent Events of progress (`event: progress`); the current state first, closed when the run ends',
    access: 'viewer',
    produces: ['text/event-stream'],
  },
  findings: {
    method: 'GET',
    path: '/runs/:id/findings',
    tag: 'findings',
    summary: 'Findings of a run, worst severity first, with filters',
    access: 'viewer',
    query: FindingListQuerySchema,
    response: FindingListSchema,
  },
  comparison: {
    method: 'GET',
    path: '/runs/:id/comparison',
    tag: 'findings',
    summary:
      'New, resolved and persisting findings against the previous completed run of the target',
    access: 'viewer',
    response: RunComparisonSchema,
  },
  report: {
    method: 'GET',
    path: '/runs/:id/report',
    tag: 'runs',
    summary:
      'The report of a finished run as a download: JSON (the spec’s report), JUnit XML or SARIF 2.1.0',
    access: 'viewer',
    query: ReportQuerySchema,
    produces: ['application/json', 'application/xml', 'application/sarif+json'],
  },
  overview: {
    method: 'GET',
    path: '/findings/overview',
    tag: 'findings',
    summary: 'Open findings by code: those of each target’s latest completed run',
    access: 'viewer',
    response: FindingsOverviewSchema,
  },
  estimator: {
    method: 'POST',
    path: '/estimator',
    tag: 'estimator',
    summary: 'The defensive capacity estimate of docs/spec/estimator.md, computed by core',
    access: 'viewer',
    body: EstimatorRequestSchema,
    response: EstimatorResponseSchema,
  },
});
