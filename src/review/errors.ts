export type ServiceErrorCode = 'not_found' | 'forbidden' | 'invalid' | 'conflict';

/** The HTTP status of each refusal: the one place the review UI maps them (app.onError). */
export const STATUS_OF_CODE: Record<ServiceErrorCode, 400 | 403 | 404 | 409> = { not_found: 404, forbidden: 403, invalid: 400, conflict: 409 };

/**
 * The one shape of a refused service action (review, accounts, data-subject requests): `code`
 * says what kind of refusal (and so the HTTP status), `messageKey` and `params` what to tell the
 * user in their language; `message` is the English sentence for the command line and logs.
 */
export class ReviewError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    message?: string,
  ) {
    super(message ?? messageKey);
  }
}
