export * from './late-fact-triggers';
export * from './claim-reassessment.process';
export * from './late-facts.module';
