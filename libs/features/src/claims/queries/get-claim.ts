import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ClaimRepository, ClaimResponse, claimNotFound } from '../claim-repository';

export class GetClaimQuery extends Query<ClaimResponse> {
  constructor(readonly claimId: string) {
    super();
  }
}

/** A claim's own view reads its stream, so a user sees their write at once (read-your-writes). */
@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery, ClaimResponse> {
  constructor(private readonly claims: ClaimRepository) {}

  async execute({ claimId }: GetClaimQuery): Promise<ClaimResponse> {
    const loaded = await this.claims.load(claimId);
    if (!loaded.state.exists) throw claimNotFound(claimId);
    return this.claims.respond(loaded.state, loaded.revision);
  }
}
