import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AUDIT_QUERY_HANDLERS } from './queries';
import { SeparationOfDutiesController } from './separation-of-duties.controller';

/** Audit: the event log, as-of views rebuilt from events, hash verification, reports. Reads only. */
@Module({
  controllers: [AuditController, SeparationOfDutiesController],
  providers: [...AUDIT_QUERY_HANDLERS],
})
export class AuditModule {}
