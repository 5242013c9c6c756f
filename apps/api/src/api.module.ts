import { Module } from '@nestjs/common';
import { FEATURE_MODULES } from '@app/features';

/** The api role: every HTTP endpoint of docs/api.md; commands in, read models out. */
@Module({ imports: [...FEATURE_MODULES] })
export class ApiModule {}
