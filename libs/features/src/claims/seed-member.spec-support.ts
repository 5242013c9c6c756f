import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { MemberCommand, MemberEvent, memberDecider, MemberState } from '@app/domain/members';
import { addMonths } from '@app/domain/shared';

const ctx: AppendContext = { actor: 'spec', correlationId: 'spec' };

/** A member covered since 2020-01 with every month paid through 2026-03, appended through the member decider (specs only). */
export async function seedMember(store: EventStore): Promise<string> {
  const memberId = randomUUID();
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
      nik: '1606011205850001',
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      declaredMonthlyIncome: 1_000_000,
      coverageStart: '2020-01-01',
      heirs: [{ heirId: 'h-spouse', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
      today: '2020-01-01',
    },
  });
  for (let m = '2020-01'; m <= '2026-03'; m = addMonths(m, 1))
    run({ type: 'RecordContributionMonth', data: { period: m, paidOn: `${m}-01`, paymentId: `pay-${m}` } });
  await store.append(`member-${memberId}`, events, 'no_stream', ctx);
  return memberId;
}
