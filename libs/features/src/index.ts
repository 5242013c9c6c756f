import { Type } from '@nestjs/common';
import { UpcasterRegistry } from '@app/event-store';
import { ClaimsModule } from './claims';
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

/** Upcasters for every event type whose schema has changed (guarantee 8). */
export const UPCASTERS = new UpcasterRegistry();
