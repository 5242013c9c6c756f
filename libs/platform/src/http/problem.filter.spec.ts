import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@app/domain/shared/domain-error';
import { WrongExpectedVersionError } from '@app/event-store';
import { ProblemFilter } from './problem.filter';

function run(error: unknown) {
  const sent: { status?: number; type?: string; body?: string } = {};
  const res = {
    headersSent: false,
    status(s: number) {
      sent.status = s;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    send(b: string) {
      sent.body = b;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ path: '/api/x' }) }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(error, host);
  return { ...sent, json: JSON.parse(sent.body ?? '{}') };
}

describe('problem+json errors', () => {
  it('maps each kind of domain refusal to its status with its code and field errors', () => {
    const v = run(DomainError.validation([{ field: 'nik', message: 'must be 16 digits' }]));
    expect(v).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(v.json).toMatchObject({
      status: 400,
      title: 'Bad Request',
      errors: [{ field: 'nik', message: 'must be 16 digits' }],
    });
    expect(
      run(new DomainError('conflict', 'MEMBER_ALREADY_ENROLLED', 'enrolled', { memberId: 'm-1' })).json,
    ).toMatchObject({
      status: 409,
      code: 'MEMBER_ALREADY_ENROLLED',
      memberId: 'm-1',
    });
    expect(run(new DomainError('not_allowed', 'NOT_ELIGIBLE', 'no')).status).toBe(422);
    const clash = run(
      new DomainError('not_allowed', 'NOT_ALLOWED_IN_STATUS', 'no', { status: 'REJECTED', code: 'X' }),
    );
    expect(clash).toMatchObject({ status: 422, json: { status: 422, code: 'NOT_ALLOWED_IN_STATUS' } });
    expect(run(new DomainError('forbidden', 'FOUR_EYES', 'no')).status).toBe(403);
    expect(run(new DomainError('precondition', 'STALE', 'no')).status).toBe(412);
  });

  it('maps a lost optimistic-concurrency race to 409 and Nest exceptions to their status', () => {
    expect(run(new WrongExpectedVersionError('claim-1', 3, 4)).status).toBe(409);
    expect(run(new NotFoundException()).status).toBe(404);
    expect(run(new BadRequestException('nope')).json.detail).toBe('nope');
  });

  it('never leaks a stack trace or an internal message', () => {
    const r = run(new TypeError('Cannot read properties of undefined (reading secretColumn)'));
    expect(r.status).toBe(500);
    expect(r.body).not.toContain('secretColumn');
    expect(r.body).not.toContain('at ');
    expect(Object.keys(r.json).sort()).toEqual(['detail', 'status', 'title', 'type']);
  });

  it('body-parser errors: too large is 413, malformed JSON is a field-level 400', () => {
    expect(run({ type: 'entity.too.large', status: 413 }).status).toBe(413);
    expect(run({ type: 'entity.parse.failed', status: 400 }).json.errors).toEqual([
      { field: 'body', message: 'malformed JSON' },
    ]);
  });
});
