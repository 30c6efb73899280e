/** A refused review action: routes map `code` to an HTTP status and a localised message. */
export class ReviewError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'invalid' | 'conflict',
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}
