import { UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { decode, sign } from 'jsonwebtoken';
import { ConfigError, loadConfig } from '../config';
import { authenticate, MAX_TOKEN_LIFETIME_SECONDS } from './jwt-auth.guard';
import { signToken } from './sign';

const secret = 'a-test-secret-of-more-than-thirty-two-bytes';
const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as Request;
const raw = (claims: object) =>
  sign({ sub: 'someone', roles: ['admin'], ...claims }, secret, { algorithm: 'HS256' });

describe('API bearer tokens', () => {
  it('accepts the tokens signToken makes, which carry exp', () => {
    const token = signToken(secret, 'dev-admin', ['admin']);
    expect(decode(token, { json: true })?.exp).toEqual(expect.any(Number));
    expect(authenticate(bearer(token), secret)).toEqual({ id: 'dev-admin', roles: ['admin'] });
  });

  it('refuses a token with an audience (Bull Board tickets and session cookies are not API tokens)', () => {
    for (const aud of ['queue-board-ticket', 'queue-board-session'])
      expect(() => authenticate(bearer(raw({ aud, exp: now() + 60 })), secret)).toThrow(
        UnauthorizedException,
      );
  });

  it('refuses a subject the event store cannot record as an actor (NUL, lone surrogate, over 200 characters)', () => {
    for (const sub of ['x\u0000y', 'x\uD800y', 'a'.repeat(201)])
      expect(() => authenticate(bearer(raw({ sub, exp: now() + 60 })), secret)).toThrow('subject (sub)');
    expect(authenticate(bearer(raw({ sub: 'adj-ani', exp: now() + 60 })), secret).id).toBe('adj-ani');
  });

  it('refuses a token without exp', () => {
    expect(() => authenticate(bearer(raw({})), secret)).toThrow('no expiry');
  });

  it('refuses a token that lives longer than 24 hours, with or without iat', () => {
    expect(() => authenticate(bearer(raw({ exp: now() + 10 * 365 * 86400 })), secret)).toThrow('longer than');
    const tooLong = sign({ sub: 's', roles: ['admin'] }, secret, {
      expiresIn: MAX_TOKEN_LIFETIME_SECONDS + 60,
    });
    expect(() => authenticate(bearer(tooLong), secret)).toThrow('longer than');
    expect(() => signToken(secret, 's', ['admin'], MAX_TOKEN_LIFETIME_SECONDS + 1)).toThrow(RangeError);
  });

  it('refuses iat in the future beyond 60 s of clock skew, accepts a few seconds', () => {
    const tenYears = now() + 10 * 365 * 86400;
    expect(() => authenticate(bearer(raw({ iat: tenYears, exp: tenYears + 3600 })), secret)).toThrow(
      'future',
    );
    expect(() => authenticate(bearer(raw({ iat: now() + 120, exp: now() + 3600 })), secret)).toThrow(
      'future',
    );
    expect(authenticate(bearer(raw({ iat: now() + 20, exp: now() + 3600 })), secret).id).toBe('someone');
  });
});

describe('AUTH_JWT_SECRET in production', () => {
  const production = { NODE_ENV: 'production', NIK_HASH_SECRET: 'x'.repeat(32) };
  it('refuses to start with a secret shorter than 32 bytes', () => {
    expect(() => loadConfig({ ...production, AUTH_JWT_SECRET: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, AUTH_JWT_SECRET: 'x'.repeat(31) })).toThrow('at least 32 bytes');
  });
  it('starts with 32 bytes, and development keeps accepting short secrets', () => {
    expect(loadConfig({ ...production, AUTH_JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: 'dev' }).jwtSecret).toBe('dev');
  });
});
