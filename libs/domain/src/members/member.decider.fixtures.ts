/** Shared givens of the member specs (no jest here). */
import { specFor } from '../shared/testing';
import { memberDecider, RecordContributionMonth, RecordDeath } from './member.decider';
import { MemberDeceased, MemberEvent } from './member.events';
import { MEMBER_ID } from './member.fixtures';

export const given = specFor(memberDecider);

/** Events match when they contain the expected fields (a partial, deep). */
export const matching = (expected: unknown[]) => (events: MemberEvent[]) =>
  expect(events).toMatchObject(expected);

export const payMonth = (
  period: string,
  paidOn: string,
  paymentId = `pay-${period}`,
): RecordContributionMonth => ({
  type: 'RecordContributionMonth',
  data: { period, paidOn, paymentId },
});
export const recordDeath = (dateOfDeath: string, claimId = 'claim-1'): RecordDeath => ({
  type: 'RecordDeath',
  data: { dateOfDeath, claimId },
});
export const deceased = (dateOfDeath: string, claimId = 'claim-1'): MemberDeceased => ({
  type: 'MemberDeceased',
  data: { memberId: MEMBER_ID, dateOfDeath, claimId },
});
