import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes for the OpenAPI document (docs/api.md "Audit"). */

export class AuditEventMetadataDto {
  @ApiProperty({ description: 'Who caused the event: the JWT `sub` of a person, or a service process' })
  actor: string;
  @ApiProperty()
  correlationId: string;
  @ApiProperty({ nullable: true, type: String })
  causationId: string | null;
  @ApiProperty({ description: 'When the store recorded the event (ISO 8601 UTC)' })
  recordedAt: string;
  @ApiProperty({
    description: 'Schema version of `data` as shown: stored versions are upcast on read (guarantee 8)',
  })
  schemaVersion: number;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Global position; pass it as `after` to continue from here' })
  position: number;
  @ApiProperty()
  eventId: string;
  @ApiProperty()
  streamId: string;
  @ApiProperty({ description: '0-based revision within the stream' })
  revision: number;
  @ApiProperty()
  type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event in its current schema' })
  data: Record<string, unknown>;
  @ApiProperty({ type: AuditEventMetadataDto })
  metadata: AuditEventMetadataDto;
  @ApiProperty({
    description: "SHA-256 over stream, revision, type, stored data, metadata and the previous event's hash",
  })
  hash: string;
  @ApiProperty({ nullable: true, type: String, description: 'Hash of the previous event in the same stream' })
  prevHash: string | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (or `after`) for the next page; null at the end',
  })
  nextCursor: string | null;
}

export class VerifyMismatchDto {
  @ApiProperty()
  streamId: string;
  @ApiProperty()
  revision: number;
  @ApiProperty()
  position: number;
  @ApiProperty()
  eventId: string;
  @ApiProperty({ example: 'hash does not match the stored event' })
  reason: string;
}

export class VerifyResultDto {
  @ApiProperty()
  eventsChecked: number;
  @ApiProperty()
  ok: boolean;
  @ApiPropertyOptional({
    type: VerifyMismatchDto,
    description: 'The first event, in global order, whose hash or chain link is wrong',
  })
  firstMismatch?: VerifyMismatchDto;
}

export class AsOfClaimDto {
  @ApiProperty()
  claimId: string;
  @ApiProperty()
  memberId: string;
  @ApiProperty()
  benefit: string;
  @ApiProperty({ description: 'The status at `asOf`' })
  status: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  assessment: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  approvals: unknown[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  decision?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  payouts: unknown[];
  @ApiProperty({ description: "The number of the claim's events known at `asOf`" })
  version: number;
  @ApiProperty({ description: 'The instant the view is rebuilt for' })
  asOf: string;
}

export class AsOfMemberDto {
  @ApiProperty()
  memberId: string;
  @ApiProperty()
  nik: string;
  @ApiProperty()
  fullName: string;
  @ApiProperty({
    enum: ['ACTIVE', 'LAPSED', 'DECEASED'],
    description: 'The status on the date of `asOf` in Asia/Jakarta',
  })
  status: string;
  @ApiProperty({ type: [String] })
  paidMonths: string[];
  @ApiProperty()
  contributionMonths: number;
  @ApiPropertyOptional()
  lapsedOn?: string;
  @ApiPropertyOptional()
  deceasedOn?: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  heirs: unknown[];
  @ApiProperty({ description: "The number of the member's events known at `asOf`" })
  version: number;
  @ApiProperty()
  asOf: string;
}
