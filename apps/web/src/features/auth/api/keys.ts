/**
 * The session comes before any organisation (it lists the user's organisations), so the auth
 * keys are the only ones without an organisation in them.
 */
export const authKeys = {
  session: ['auth', 'session'] as const,
  /** Set when a session the page had stopped being valid: sign-in then says so. */
  expired: ['auth', 'expired'] as const,
};
