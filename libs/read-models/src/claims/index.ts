export * from './claims.projection';
export * from './claim-row';
