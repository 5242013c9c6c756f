import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { BENEFITS, CLAIM_STATUSES } from '@app/domain/claims';
import { PageQuery } from '../../shared';

/** `GET /api/claims?status=&benefit=&memberId=&limit=&cursor=`: the worklist, oldest first. */
export class ListClaimsQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: `One status or several, comma-separated: ${CLAIM_STATUSES.join(', ')}`,
    example: 'ASSESSED,AWAITING_SECOND_APPROVAL',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  status?: string;

  @ApiPropertyOptional({ description: `One benefit or several, comma-separated: ${BENEFITS.join(', ')}` })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  benefit?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  memberId?: string;
}
