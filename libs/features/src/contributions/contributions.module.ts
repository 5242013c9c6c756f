import { Module } from '@nestjs/common';
import { CONTRIBUTION_COMMAND_HANDLERS } from './commands';
import { ContributionAllocator } from './contribution-allocator';
import { ContributionReverser } from './contribution-reverser';
import { ContributionsController } from './contributions.controller';
import { CONTRIBUTION_QUERY_HANDLERS } from './queries';

/** Sponsor payments and their allocation to member-months (docs/benefit-rules.md "Contributions and coverage", docs/api.md "Contributions"). */
@Module({
  controllers: [ContributionsController],
  providers: [
    ...CONTRIBUTION_COMMAND_HANDLERS,
    ...CONTRIBUTION_QUERY_HANDLERS,
    ContributionAllocator,
    ContributionReverser,
  ],
  exports: [ContributionAllocator],
})
export class ContributionsModule {}
