import { env } from '../config/env';
import { ApiClient } from './api-client';

/** The one client the dashboard uses. */
export const api = new ApiClient({ baseUrl: env.apiBase });
