import { ClaimReassessmentProcess } from '@app/features/claims';
import { Clock, Role } from '@app/platform';
import { TestApp } from './app';

/** A fixed day (Monday 2026-03-16 in Jakarta) whose instants still move forward, so events have an order. */
export class SteppingClock extends Clock {
  private ms = Date.parse('2026-03-16T03:00:00.000Z');
  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
}

export const PEOPLE = {
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  sari: { roles: ['supervisor'], sub: 'sup-sari' },
  officer: { roles: ['enrollment-officer'], sub: 'enr-fajar' },
  finance: { roles: ['finance-officer'], sub: 'fin-gita' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
export type Person = keyof typeof PEOPLE;

/** Requests as the people of a test, over the app's HTTP. */
export function claimsHttp(t: () => TestApp) {
  const bearer = (p: Person) => `Bearer ${t().token(PEOPLE[p].roles, PEOPLE[p].sub)}`;
  const post = (p: Person, path: string, body: object = {}) =>
    t().http.post(path).set('Authorization', bearer(p)).send(body);
  const get = (p: Person, path: string) => t().http.get(path).set('Authorization', bearer(p));
  return {
    post,
    get,
    submit: (body: object, p: Person = 'ani') => post(p, '/api/claims', body),
    approve: (p: Person, id: string) => post(p, `/api/claims/${id}/approve`, {}),
    claim: async (id: string) => (await get('ani', `/api/claims/${id}`).expect(200)).body,
  };
}

export const reasonCodes = (body: { assessment: { reasons: { code: string }[] } }) =>
  body.assessment.reasons.map((r) => r.code);

/**
 * Resolves once the late-facts process has handled the last event of `streamId` (its checkpoint
 * passed it). Polled rather than `caughtUp()`: a long transaction elsewhere in the database holds
 * back what a subscriber may read, and "caught up" then means "up to that horizon".
 */
export async function lateFactsHandled(t: TestApp, streamId: string, timeoutMs = 50_000): Promise<void> {
  const [last] = await t.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  const loop = t.app.get(ClaimReassessmentProcess).loop;
  const deadline = Date.now() + timeoutMs;
  while (loop.position < last.position) {
    if (Date.now() > deadline) throw new Error(`the late-facts process did not pass ${last.position}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
