import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MAX_NAME_LENGTH, unstorableTextReason } from '@app/domain/shared/text';
import { verify, JwtPayload } from 'jsonwebtoken';
import { Request } from 'express';
import { createSecretKey, KeyObject } from 'node:crypto';
import { APP_CONFIG } from '../tokens';
import { AppConfig } from '../config';
import { Actor, PUBLIC_KEY, Role, ROLES, ROLES_KEY } from './roles';

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

/**
 * The HMAC key as a KeyObject, made once per secret. Given a string, jsonwebtoken first tries to
 * read it as a public key and fails (an exception) on every call: a fifth of the api's CPU under
 * load, by the profile in bench/README.md.
 */
let cachedKey: { secret: string; key: KeyObject } | undefined;
function hmacKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
}

/** The longest an API token may live (`exp` − `iat`). */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** How far ahead of this server's clock an issuer's `iat` may be. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * Bearer JWT, HS256 only, signed with AUTH_JWT_SECRET. No or bad token: 401; wrong role: 403.
 * Verifies the bearer token; throws 401. Also run as middleware on /api so unknown paths are 401 too.
 * An API token has no `aud` (tokens with an audience, like Bull Board's, are for that audience
 * only), must expire (`exp`) within MAX_TOKEN_LIFETIME_SECONDS, and is not issued in the future.
 */
export function authenticate(req: Request, secret: string): Actor {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedException('A bearer token is required');
  let payload: JwtPayload;
  try {
    payload = verify(match[1], hmacKey(secret), { algorithms: ['HS256'] }) as JwtPayload;
  } catch {
    throw new UnauthorizedException('The bearer token is invalid or expired');
  }
  if (payload.aud !== undefined)
    throw new UnauthorizedException('The token is for another audience, not the API');
  if (typeof payload.exp !== 'number') throw new UnauthorizedException('The token has no expiry (exp)');
  const now = Date.now() / 1000;
  if (typeof payload.iat === 'number' && payload.iat > now + TOKEN_CLOCK_SKEW_SECONDS)
    throw new UnauthorizedException('The token is issued in the future (iat)');
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : now;
  if (payload.exp - issuedAt > MAX_TOKEN_LIFETIME_SECONDS)
    throw new UnauthorizedException(
      `The token lives longer than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours (exp)`,
    );
  if (typeof payload.sub !== 'string' || payload.sub.length === 0)
    throw new UnauthorizedException('The token has no subject');
  // The subject is recorded as the actor of every event: it must be text the store can hold.
  if (payload.sub.length > MAX_NAME_LENGTH || unstorableTextReason(payload.sub) !== undefined)
    throw new UnauthorizedException(
      `The token's subject (sub) must be storable text of at most ${MAX_NAME_LENGTH} characters`,
    );
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  return { id: payload.sub, roles };
}

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.actor ??= authenticate(req, this.config.jwtSecret);
    const roles = req.actor.roles;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!required || required.length === 0) {
      if (roles.length === 0) throw new ForbiddenException('The token carries no role');
      return true;
    }
    if (roles.includes('admin') || required.some((r) => roles.includes(r))) return true;
    throw new ForbiddenException(`This action needs one of the roles: ${required.join(', ')}`);
  }
}
