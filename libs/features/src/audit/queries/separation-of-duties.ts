import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, READ_DB } from '@app/platform';
import { ReportPeriod, SeparationOfDutiesRows, separationOfDutiesRows } from '@app/read-models';

/** The report as `GET /api/audit/reports/separation-of-duties` answers it (docs/audit.md). */
export interface SeparationOfDutiesReport extends SeparationOfDutiesRows {
  period: { from: string | null; to: string | null };
  fourEyes: {
    /** Where the threshold lives: the schedule version in force on the day of the first approval. */
    thresholdSource: string;
    /** The band below the threshold, in percent of it (AUDIT_FOUR_EYES_BAND_PERCENT). */
    bandPercent: number;
  };
}

export class SeparationOfDutiesQuery extends Query<SeparationOfDutiesReport> {
  constructor(readonly period: ReportPeriod) {
    super();
  }
}

export const THRESHOLD_SOURCE =
  'schedule approvals.secondApprovalThreshold, the version in force on the day (Asia/Jakarta) of the first approval';

@QueryHandler(SeparationOfDutiesQuery)
export class SeparationOfDutiesHandler implements IQueryHandler<
  SeparationOfDutiesQuery,
  SeparationOfDutiesReport
> {
  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ period }: SeparationOfDutiesQuery): Promise<SeparationOfDutiesReport> {
    const bandPercent = this.config.auditFourEyesBandPercent;
    const rows = await separationOfDutiesRows(this.db, period, bandPercent);
    return {
      period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
      fourEyes: { thresholdSource: THRESHOLD_SOURCE, bandPercent },
      ...rows,
    };
  }
}
