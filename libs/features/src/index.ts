import { Type } from '@nestjs/common';
import { UpcasterRegistry } from '@app/event-store';
import { ClaimsModule, LateFactsModule } from './claims';
import { AuditModule } from './audit';
import { MembersModule } from './members/members.module';
import { ContributionsModule } from './contributions/contributions.module';
import { PayoutsApiModule } from '@app/payouts/api/payouts-api.module';

/** The feature modules the api role serves. */
export const FEATURE_MODULES: Type<unknown>[] = [
  ClaimsModule,
  AuditModule,
  PayoutsApiModule,
  MembersModule,
  ContributionsModule,
];

/** The feature processes the projector role runs (checkpointed subscriptions). */
export const FEATURE_PROCESS_MODULES: Type<unknown>[] = [LateFactsModule];

/** Upcasters for every event type whose schema has changed (guarantee 8). */
export const UPCASTERS = new UpcasterRegistry();
