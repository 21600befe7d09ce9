import { generatePath } from 'react-router';

/**
 * The dashboard's own pages: the router's patterns and every link to them. The only place in
 * the app that writes a path; the API's paths are core's endpoints (`@shakedown/core/contract`),
 * and `eslint.config.mjs` refuses a path literal anywhere else.
 */
export const paths = {
  signIn: '/sign-in',
  signUp: '/sign-up',
  createOrg: '/orgs/new',
  acceptInvitation: '/invitations/accept',
  targets: '/targets',
  registerTarget: '/targets/new',
  target: '/targets/:targetId',
  editTarget: '/targets/:targetId/edit',
  run: '/runs/:runId',
  findings: '/findings',
  estimator: '/estimator',
  webhooks: '/webhooks',
  members: '/settings/members',
  apiKeys: '/settings/api-keys',
} as const;

/** A page with `?next=`, the page to return to afterwards. */
export const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

export const targetHref = (targetId: string) => generatePath(paths.target, { targetId });

export const editTargetHref = (targetId: string) => generatePath(paths.editTarget, { targetId });

export const runHref = (runId: string) => generatePath(paths.run, { runId });

/** The estimator pre-filled from a search string (`estimatorSearchFromBytes`). */
export const estimatorHref = (search: string) => `${paths.estimator}?${search}`;
