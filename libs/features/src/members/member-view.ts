import { MemberState, membershipPolicyOn } from '@app/domain/members';
import { IsoDate } from '@app/domain/shared';
import { MemberView, toMemberView } from '@app/read-models';
import { versionOf } from '../shared/command-support';

export type VersionedMemberView = MemberView & { version: number };

/**
 * docs/api.md's member view on `today`, with the version clients send back as If-Match. The same pure
 * function as the audit's as-of view; the lapse rule is the schedule's in force at coverage start.
 */
export function memberViewOf(state: MemberState, revision: number, today: IsoDate): VersionedMemberView {
  const { lapseMonths } = membershipPolicyOn(state.coverageStart);
  return { ...toMemberView(state, today, lapseMonths), version: versionOf(revision) };
}
