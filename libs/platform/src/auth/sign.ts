import { sign } from 'jsonwebtoken';
import { MAX_TOKEN_LIFETIME_SECONDS } from './jwt-auth.guard';
import { Role } from './roles';

/** For tests, benchmarks and the development banner: always with `exp`, as the API requires. */
export function signToken(secret: string, sub: string, roles: Role[], expiresInSeconds = 3600 * 12): string {
  if (!(expiresInSeconds > 0 && expiresInSeconds <= MAX_TOKEN_LIFETIME_SECONDS))
    throw new RangeError(`A token lives at most ${MAX_TOKEN_LIFETIME_SECONDS} s, not ${expiresInSeconds}`);
  return sign({ sub, roles }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
