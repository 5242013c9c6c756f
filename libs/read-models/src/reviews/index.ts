export * from './claim-review-row';
export * from './claim-reviews.projection';
export * from './claim-reviews.queries';
