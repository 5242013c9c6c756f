import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AUDIT_QUERY_HANDLERS } from './queries';

/** Audit: the event log, as-of views rebuilt from events, hash verification. Reads only. */
@Module({
  controllers: [AuditController],
  providers: [...AUDIT_QUERY_HANDLERS],
})
export class AuditModule {}
