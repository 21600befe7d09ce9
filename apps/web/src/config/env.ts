/**
 * The dashboard has no build-time settings of its own: it reaches the API through `/api` on its
 * own origin, and the dev and preview servers (or the deployment's proxy) forward that path to
 * the API (`SHAKEDOWN_API_URL` in vite.config.ts), so one build serves every environment.
 */
export const env = {
  apiBase: '/api',
} as const;
