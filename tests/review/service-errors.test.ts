import { describe, expect, it } from 'vitest';
import adminVi from '../../review-ui/admin/locales/vi.json' with { type: 'json' };
import vi from '../../review-ui/locales/vi.json' with { type: 'json' };
import { ReviewError, STATUS_OF_CODE } from '../../src/review/errors.js';
import { SubjectRequestError } from '../../src/review/subject-service.js';
import { UserError } from '../../src/review/user-service.js';

// Service refusals share one shape (code + message key + params, English message for the CLI), so
// the review UI maps every one of them to an HTTP status in one place and says it in the reader's language.
describe('service errors', () => {
  const catalog = { ...vi, ...adminVi } as Record<string, string>;

  it('account and data-request refusals are ReviewErrors with a code and a known message key', () => {
    const refusals = [
      new UserError('password too short', 'password_short', { min: 10 }),
      new SubjectRequestError('receivedOn: not a date'),
      new SubjectRequestError('no request #9', 'not_found'),
      new SubjectRequestError('request #3 is closed (closed)', 'closed'),
    ];
    expect(refusals.map((e) => e instanceof ReviewError && STATUS_OF_CODE[e.code])).toEqual([400, 400, 404, 409]);
    for (const e of refusals) expect(catalog[e.messageKey], e.messageKey).toBeTruthy();
    expect(refusals[0].message).toBe('password too short');
    expect(refusals[0].params).toEqual({ min: 10 });
  });
});
