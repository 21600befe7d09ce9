import { ApiError } from '@shakedown/core/contract';

import { codeText, humanIssue } from './error-text';

describe('error texts', () => {
  it('turns schema messages into words', () => {
    expect(humanIssue('Too small: expected string to have >=1 characters')).toBe('Required.');
    expect(humanIssue('Too big: expected string to have <=100 characters')).toBe(
      'At most 100 characters.',
    );
    expect(humanIssue('must be an http:// or https:// URL')).toBe(
      'must be an http:// or https:// URL',
    );
  });

  it('names what an API error code means, and nothing for other errors', () => {
    const refused = new ApiError(400, 'url_not_allowed', 'targets must be public', 'req-1');
    expect(codeText(refused)).toMatch(/public http\(s\) URL/);
    expect(codeText(new Error('boom'))).toBeUndefined();
  });
});
