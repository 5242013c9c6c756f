import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MemberStatus, P3keDecile } from '@app/domain/members';
import { PageQuery } from '../../shared/paging';

const STATUSES: MemberStatus[] = ['ACTIVE', 'LAPSED', 'DECEASED'];

/** docs/api.md `GET /api/members?nik=&p3keDesil=&status=&subdistrict=&limit=&cursor=`. */
export class ListMembersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Exact NIK (16 digits)' })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'must be exactly 16 digits' })
  nik?: string;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @Type(() => Number)
  @IsIn([1, 2, 3], { message: 'must be 1, 2 or 3' })
  p3keDesil?: P3keDecile;

  @ApiPropertyOptional({ enum: STATUSES, description: 'Status as of today (Asia/Jakarta)' })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: MemberStatus;

  @ApiPropertyOptional({ example: 'Sekayu' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subdistrict?: string;
}
