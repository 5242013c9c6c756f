import { z } from 'zod';
import { IsoDate } from '../shared/dates';
import {
  REHABILITATION_AIDS,
  SCHEDULE_VERSION_SCHEMA,
  SCHOLARSHIP_LEVELS,
  TRANSPORT_MODES,
} from './schedule.schema';

/**
 * One effective-dated version of the benefit schedule: every amount, rate, limit and deadline of
 * docs/benefit-rules.md. The types come from the schema (schedule.schema.ts); a new regulation is a
 * new data file in versions/, never new code. Money is integer Rupiah; 1 means 1%.
 */
export { REHABILITATION_AIDS, SCHOLARSHIP_LEVELS, TRANSPORT_MODES };
export type ScholarshipLevel = (typeof SCHOLARSHIP_LEVELS)[number];

export type ScheduleVersion = z.output<typeof SCHEDULE_VERSION_SCHEMA>;

/** A rule with the regulation article or programme policy (P) it comes from. */
export interface Cited {
  basis: string;
}

export type ScholarshipRule = ScheduleVersion['scholarship'];
/** PP 82/2019: per child per academic year, by level, for at most `maxChildren` children. */
export type PerChildScholarship = Extract<ScholarshipRule, { kind: 'PER_CHILD_PER_YEAR' }>;
/** PP 44/2015: a one-off amount per member. */
export type OneOffScholarship = Extract<ScholarshipRule, { kind: 'ONE_OFF_PER_MEMBER' }>;
export type ScholarshipLevelRule = PerChildScholarship['levels'][ScholarshipLevel];
export type PeriodicBenefit = ScheduleVersion['jkk']['periodic'];
export type AmountRule = ScheduleVersion['jkk']['funeral'];

export type ScheduleLookup = (date: IsoDate) => ScheduleVersion;
export type TransportRule = ScheduleVersion['jkk']['transport'];
export type RehabilitationAidRule =
  ScheduleVersion['jkk']['rehabilitationAid']['aids'][(typeof REHABILITATION_AIDS)[number]];
