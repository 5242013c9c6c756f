import PP44_2015 from './versions/PP44-2015.json';
import PP82_2019 from './versions/PP82-2019.json';

/**
 * The benefit schedule as data files, one per regulation, oldest first; each is checked against
 * the schema (schedule.schema.ts) when the module loads. A new regulation is a new file in
 * versions/ and a line here. `(P)` in a basis marks a programme policy (docs/benefit-rules.md).
 */
export const SCHEDULE_DATA: readonly unknown[] = [PP44_2015, PP82_2019];
