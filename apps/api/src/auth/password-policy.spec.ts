import { passwordProblem } from './password-policy';

describe('password rules', () => {
  it.each([
    ['short1!', /at least 12/],
    ['password1234', /most common/],
    ['aaaaaaaaaaaaaaa', /repeated/],
    ['maria.lopez-2026!', /email/],
    ['ababababababab', /5 different/],
  ])('refuses %s', (password, problem) => {
    expect(passwordProblem(password, 'maria.lopez@example.com')).toMatch(problem);
  });

  it('accepts a long, unusual passphrase', () => {
    expect(passwordProblem('tidal-copper-orchard-51', 'maria.lopez@example.com')).toBeUndefined();
  });
});
