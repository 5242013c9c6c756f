export * from './projection';
export * from './projection-runner';
export * from './all';
export * from './projector.module';
export * from './schemas';
