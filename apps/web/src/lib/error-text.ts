import { ErrorCode, isApiError } from '@shakedown/core/contract';

/**
 * What the API's error codes (core's table, `ErrorCode`) mean to a person, and what to do next.
 * The API's own message stays beside it: it names the field or the limit.
 */
const CODE_TEXT: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.validationFailed]: 'Some fields need another look.',
  [ErrorCode.invalidConfig]: 'The target config has problems; each is listed at its line.',
  [ErrorCode.invalidOpenApi]: 'This file could not be read as an OpenAPI 3 document.',
  [ErrorCode.budgetOverLimit]: 'The budget is above what your organisation allows.',
  [ErrorCode.weakPassword]: 'Choose a longer, less common password.',
  [ErrorCode.urlNotAllowed]:
    'Shakedown cannot send to this address: use a public http(s) URL, not a private, loopback or cloud-metadata one.',
  [ErrorCode.unauthenticated]: 'Your session ended. Sign in again.',
  [ErrorCode.invalidCredentials]: 'That email and password do not match an account.',
  [ErrorCode.csrfFailed]: 'The page was open too long. Reload it and try again.',
  [ErrorCode.forbidden]: 'Your role in this organisation does not allow this. Ask an admin.',
  [ErrorCode.invitationEmailMismatch]:
    'This invitation was sent to another email address. Sign in with that address.',
  [ErrorCode.notFound]: 'It does not exist, or it belongs to another organisation.',
  [ErrorCode.emailTaken]: 'An account with this email exists already. Sign in instead.',
  [ErrorCode.targetNameTaken]: 'A target with this name exists already. Choose another name.',
  [ErrorCode.alreadyMember]: 'This person is a member already.',
  [ErrorCode.lastOwner]: 'An organisation needs at least one owner. Make someone else owner first.',
  [ErrorCode.targetNotVerified]: 'Prove you own the target before running probes against it.',
  [ErrorCode.runAlreadyActive]: 'This target has a run in progress. Wait for it or cancel it.',
  [ErrorCode.concurrentRunsLimit]: 'Your organisation runs as many runs at once as it may.',
  [ErrorCode.dailyRunsLimit]: 'Your organisation started as many runs today as it may.',
  [ErrorCode.runNotActive]: 'This run has already ended.',
  [ErrorCode.runNotFinished]: 'The report exists once the run ends.',
  [ErrorCode.invitationExpired]:
    'This invitation expired, was revoked or was used. Ask for a new one.',
  [ErrorCode.payloadTooLarge]: 'This is larger than the API accepts.',
  [ErrorCode.hostNotFound]: 'This host name has no address. Check the URL for typos.',
  [ErrorCode.hostUnreachable]: 'Shakedown could not reach this host. Is the server up and public?',
  [ErrorCode.documentTooLarge]:
    'The document at this URL is larger than 2 MB. Trim it, or paste a smaller one.',
  [ErrorCode.documentFetchFailed]:
    'The document could not be downloaded from this URL. Check that it is served there.',
  [ErrorCode.rateLimited]: 'Too many requests. Wait a moment and try again.',
  [ErrorCode.internal]: 'Something failed on our side. The request id helps us find it.',
  [ErrorCode.serviceUnavailable]: 'Shakedown is briefly unavailable. Try again in a minute.',
};

/** The human sentence for an error's code, when there is one. */
export function codeText(error: unknown): string | undefined {
  if (!isApiError(error) || !error.code) return undefined;
  return CODE_TEXT[error.code as ErrorCode];
}

const ISSUE_TEXT: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=1 characters?$/, () => 'Required.'],
  [
    /^Too small: expected string to have >=(\d+) characters?$/,
    (m) => `At least ${m[1]} characters.`,
  ],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => `At most ${m[1]} characters.`],
  [/^Invalid email address$/, () => 'Enter an email address such as ada@example.com.'],
  [/^Invalid input: expected (\w+), received undefined$/, () => 'Required.'],
  [/^Invalid URL$/, () => 'Enter a URL such as https://api.example.com.'],
];

/** A schema issue's message in words a person reads ("Required." for "Too small: …>=1"). */
export function humanIssue(message: string): string {
  for (const [pattern, text] of ISSUE_TEXT) {
    const match = pattern.exec(message);
    if (match) return text(match);
  }
  return message;
}
