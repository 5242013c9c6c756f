import { timingSafeEqual } from 'node:crypto';
import { problem, ProblemException } from '../http/problem';

/** The header the disbursement bank proves itself with on its callbacks (docs/api.md "Payouts"). */
export const CALLBACK_SECRET_HEADER = 'x-callback-secret';

/**
 * The bank's callbacks carry the shared secret PAYOUT_CALLBACK_SECRET; unset, every callback is
 * refused. Compared in constant time. Checked before the body is parsed (bootstrap), so a caller
 * without the secret learns nothing about the body it sent: 401 whatever it is.
 */
export function requireCallbackSecret(given: string | undefined, expectedSecret: string | undefined): void {
  const expected = Buffer.from(expectedSecret ?? '');
  const actual = Buffer.from(given ?? '');
  if (expected.length === 0 || actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new ProblemException(
      problem(401, 'The notice does not carry the shared callback secret', { code: 'BAD_CALLBACK_SECRET' }),
    );
}
