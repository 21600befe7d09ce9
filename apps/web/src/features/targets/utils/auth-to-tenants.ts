/** How the target's API takes credentials, as the form's Authentication section offers. */
export const AUTH_SCHEMES = ['none', 'bearer', 'api-key', 'basic', 'cookie'] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

export const AUTH_SCHEME_LABELS: Record<AuthScheme, string> = {
  none: 'No credentials (a public API)',
  bearer: 'Bearer token (Authorization: Bearer …)',
  'api-key': 'API key in a header',
  basic: 'Basic (user name and password)',
  cookie: 'Session cookie',
};

/** One identity's credentials; which fields apply depends on the scheme. */
export interface IdentityFormValues {
  name: string;
  /** Bearer token, API key value or cookie string. */
  secret: string;
  username: string;
  password: string;
}

export interface AuthFormValues {
  scheme: AuthScheme;
  /** For `api-key`: the header that carries it. */
  headerName: string;
  identities: [IdentityFormValues, IdentityFormValues];
  /** A second identity of another customer: enables the tenant-isolation probes. */
  secondIdentity: boolean;
}

export const emptyIdentity = (name: string): IdentityFormValues => ({
  name,
  secret: '',
  username: '',
  password: '',
});

export const EMPTY_AUTH: AuthFormValues = {
  scheme: 'none',
  headerName: 'X-Api-Key',
  identities: [emptyIdentity('alice'), emptyIdentity('bob')],
  secondIdentity: false,
};

/** Base64 of the UTF-8 bytes (`btoa` alone refuses characters beyond Latin-1). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The header one identity sends under `scheme`. */
export function identityHeaders(
  auth: Pick<AuthFormValues, 'scheme' | 'headerName'>,
  identity: IdentityFormValues,
): Record<string, string> {
  switch (auth.scheme) {
    case 'bearer':
      return { Authorization: `Bearer ${identity.secret.trim()}` };
    case 'api-key':
      return { [auth.headerName.trim()]: identity.secret.trim() };
    case 'basic':
      return { Authorization: `Basic ${base64(`${identity.username}:${identity.password}`)}` };
    case 'cookie':
      return { Cookie: identity.secret.trim() };
    case 'none':
      return {};
  }
}

/** The config's `target.tenants`: one identity, or two for tenant isolation; none without auth. */
export function authToTenants(
  auth: AuthFormValues,
): Record<string, { headers: Record<string, string> }> | undefined {
  if (auth.scheme === 'none') return undefined;
  const identities = auth.secondIdentity ? auth.identities : [auth.identities[0]];
  return Object.fromEntries(
    identities.map((identity) => [
      identity.name.trim(),
      { headers: identityHeaders(auth, identity) },
    ]),
  );
}
