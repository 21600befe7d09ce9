import { TextField } from '../../../components/text-field';
import {
  AUTH_SCHEME_LABELS,
  AUTH_SCHEMES,
  type AuthFormValues,
  type AuthScheme,
  type IdentityFormValues,
} from '../utils/auth-to-tenants';

function IdentityFields({
  auth,
  index,
  onChange,
}: {
  auth: AuthFormValues;
  index: 0 | 1;
  onChange: (identity: IdentityFormValues) => void;
}) {
  const identity = auth.identities[index];
  const set = (key: keyof IdentityFormValues, value: string) =>
    onChange({ ...identity, [key]: value });
  const label = `Identity ${index + 1}`;
  return (
    <fieldset>
      <legend>{index === 0 ? 'Identity 1' : 'Identity 2 (another customer)'}</legend>
      <div className="grid">
        <TextField
          label={`${label} name`}
          value={identity.name}
          onChange={(e) => set('name', e.target.value)}
          hint="Names it in findings, e.g. alice"
        />
        {auth.scheme === 'basic' ? (
          <>
            <TextField
              label={`${label} user name`}
              autoComplete="off"
              value={identity.username}
              onChange={(e) => set('username', e.target.value)}
            />
            <TextField
              label={`${label} password`}
              type="password"
              autoComplete="off"
              value={identity.password}
              onChange={(e) => set('password', e.target.value)}
              hint="Write-only: shown masked after saving and in evidence"
            />
          </>
        ) : (
          <TextField
            label={
              auth.scheme === 'bearer'
                ? `${label} token`
                : auth.scheme === 'cookie'
                  ? `${label} cookie`
                  : `${label} API key`
            }
            type="password"
            autoComplete="off"
            value={identity.secret}
            onChange={(e) => set('secret', e.target.value)}
            hint={
              auth.scheme === 'cookie'
                ? 'e.g. session=abc123; write-only, shown masked after saving'
                : 'Write-only: shown masked after saving and in evidence'
            }
          />
        )}
      </div>
    </fieldset>
  );
}

/**
 * The Authentication section: how the API takes credentials and one identity's, kept apart
 * from tenant isolation, which only asks for a second identity of another customer.
 */
export function AuthFields({
  auth,
  onChange,
}: {
  auth: AuthFormValues;
  onChange: (auth: AuthFormValues) => void;
}) {
  const setIdentity = (index: 0 | 1) => (identity: IdentityFormValues) =>
    onChange({
      ...auth,
      identities: auth.identities.map((current, i) =>
        i === index ? identity : current,
      ) as AuthFormValues['identities'],
    });
  return (
    <>
      <fieldset>
        <legend>Authentication</legend>
        <div className="field">
          <label htmlFor="auth-scheme">How the API takes credentials</label>
          <select
            id="auth-scheme"
            value={auth.scheme}
            onChange={(e) => onChange({ ...auth, scheme: e.target.value as AuthScheme })}
          >
            {AUTH_SCHEMES.map((scheme) => (
              <option key={scheme} value={scheme}>
                {AUTH_SCHEME_LABELS[scheme]}
              </option>
            ))}
          </select>
        </div>
        {auth.scheme === 'api-key' ? (
          <TextField
            label="API key header"
            value={auth.headerName}
            onChange={(e) => onChange({ ...auth, headerName: e.target.value })}
          />
        ) : null}
        {auth.scheme !== 'none' ? (
          <IdentityFields auth={auth} index={0} onChange={setIdentity(0)} />
        ) : null}
      </fieldset>
      {auth.scheme !== 'none' ? (
        <fieldset>
          <legend>Tenant isolation</legend>
          <label>
            <input
              type="checkbox"
              checked={auth.secondIdentity}
              onChange={(e) => onChange({ ...auth, secondIdentity: e.target.checked })}
            />{' '}
            Test isolation between two customers (adds a second identity; tenant probes)
          </label>
          {auth.secondIdentity ? (
            <IdentityFields auth={auth} index={1} onChange={setIdentity(1)} />
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}
