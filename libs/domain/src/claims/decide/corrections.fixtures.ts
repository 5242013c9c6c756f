/** Shared givens of the corrections specs: decided claims, reopening and appeals (no jest here). */
import { approve, small, large, then, ineligible } from '../claim.decider.fixtures';
import { DecideAppeal, FileAppeal, RejectClaim, ReopenClaim } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { context } from '../claim.fixtures';

export const REOPENED_AT = '2025-04-01T03:00:00.000Z';

export const reopen = (o: Partial<ReopenClaim['data']> = {}): ReopenClaim => ({
  type: 'ReopenClaim',
  data: {
    by: 'sup-sari',
    roles: ['supervisor'],
    at: REOPENED_AT,
    note: 'facts changed',
    today: '2025-04-01',
    context: context(),
    ...o,
  },
});

export const reject = (o: Partial<RejectClaim['data']> = {}): RejectClaim => ({
  type: 'RejectClaim',
  data: {
    by: 'adj-2',
    roles: ['adjudicator'],
    at: REOPENED_AT,
    reasonCode: 'NOT_COVERED',
    note: 'no cover',
    ...o,
  },
});

export const fileAppeal = (o: Partial<FileAppeal['data']> = {}): FileAppeal => ({
  type: 'FileAppeal',
  data: {
    by: 'adj-3',
    roles: ['adjudicator'],
    at: REOPENED_AT,
    appealId: 'appeal-1',
    grounds: 'the heirs were wrong',
    today: '2025-04-01',
    ...o,
  },
});

export const decideAppeal = (o: Partial<DecideAppeal['data']> = {}): DecideAppeal => ({
  type: 'DecideAppeal',
  data: {
    by: 'sup-dewi',
    roles: ['supervisor'],
    at: REOPENED_AT,
    appealId: 'appeal-1',
    outcome: 'UPHELD',
    note: 'decided rightly',
    today: '2025-04-02',
    context: context(),
    ...o,
  },
});

/** A JKM death (42m, one payee) approved by one adjudicator. */
export const approvedSmall = (): ClaimEvent[] => then(small(), approve('adj-2', ['adjudicator']));
/** A JKK death (70m) approved by an adjudicator and a supervisor. */
export const approvedLarge = (): ClaimEvent[] =>
  then(then(large(), approve('adj-2', ['adjudicator'])), approve('sup-1', ['supervisor']));
export const rejected = (): ClaimEvent[] => then(ineligible(), reject());
