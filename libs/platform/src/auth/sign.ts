import { sign } from 'jsonwebtoken';
import { Role } from './roles';

/** For tests, benchmarks and the development banner. */
export function signToken(secret: string, sub: string, roles: Role[], expiresInSeconds = 3600 * 12): string {
  return sign({ sub, roles }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
