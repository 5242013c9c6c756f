import { randomUUID } from 'node:crypto';
import { EventStore } from '@app/event-store';
import { Heir, MemberCommand, MemberEvent, MemberState, memberDecider } from '@app/domain/members';
import { addMonths, IsoMonth } from '@app/domain/shared';

let nikSerial = 0;

/**
 * A member covered since 2020-01 (or `since`) with every month paid through `paidThrough`, appended through
 * the member decider itself. NIKs are unique within the test process.
 */
export async function seedMember(
  store: EventStore,
  o: { heirs?: Heir[]; income?: number; paidThrough?: IsoMonth; since?: IsoMonth } = {},
): Promise<string> {
  const memberId = randomUUID();
  const serial = String(++nikSerial).padStart(4, '0');
  let state: MemberState = memberDecider.initialState();
  const events: MemberEvent[] = [];
  const run = (command: MemberCommand) => {
    for (const e of memberDecider.decide(command, state)) {
      events.push(e);
      state = memberDecider.evolve(state, e);
    }
  };
  run({
    type: 'EnrollMember',
    data: {
      memberId,
      nik: `160601120585${serial}`,
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      declaredMonthlyIncome: o.income ?? 1_000_000,
      coverageStart: `${o.since ?? '2020-01'}-01`,
      heirs: o.heirs ?? [{ heirId: 'h-spouse', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
      today: `${o.since ?? '2020-01'}-01`,
    },
  });
  for (let m = o.since ?? '2020-01'; m <= (o.paidThrough ?? '2026-03'); m = addMonths(m, 1))
    run({ type: 'RecordContributionMonth', data: { period: m, paidOn: `${m}-01`, paymentId: `pay-${m}` } });
  await store.append(`member-${memberId}`, events, 'no_stream', {
    actor: 'test-seed',
    correlationId: 'seed',
  });
  return memberId;
}
