import { Module } from '@nestjs/common';
import { ClaimRepository } from '../claim-repository';
import { ClaimReassessmentProcess } from './claim-reassessment.process';

/** The projector role's claims duty: late facts re-assess undecided claims. */
@Module({ providers: [ClaimRepository, ClaimReassessmentProcess], exports: [ClaimReassessmentProcess] })
export class LateFactsModule {}
