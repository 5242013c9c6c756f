/**
 * Every stream category of the event store, `<prefix><id>`, in one place: writers, projections
 * (which subscribe by prefix) and tools name streams from here. No id in a stream name is personal
 * data: NIKs and bank references appear only hashed.
 */
export const STREAM_PREFIX = {
  /** A member's events (MemberEnrolled … MemberDeceased). */
  member: 'member-',
  /** A NIK's reservation: one person, one membership. */
  nikReservation: 'nik-',
  /** A roster import's progress. */
  rosterImport: 'import-',
  /** A claim's events (ClaimSubmitted … ClaimPaid). */
  claim: 'claim-',
  /** A member's claim index, one ClaimLodged per claim (not `member-`, so member readers skip it). */
  memberClaims: 'memberClaims-',
  /** A sponsor payment and its allocation. */
  contributionPayment: 'contribution-payment-',
  /** A bank reference's reservation: a reference is used once. */
  paymentReference: 'payment-ref-',
  /** One payout to one payee. */
  payout: 'payout-',
} as const;
