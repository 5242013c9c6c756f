export * from './payouts.projection';
export * from './payouts.queries';
