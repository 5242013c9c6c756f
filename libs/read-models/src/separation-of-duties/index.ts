export * from './separation-of-duties.projection';
export * from './separation-of-duties.queries';
