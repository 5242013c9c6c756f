import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEIR_RELATIONSHIPS } from '@app/domain/members';

/** OpenAPI shapes of the members endpoints' answers. */
export class HeirViewDto {
  @ApiProperty() heirId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: HEIR_RELATIONSHIPS }) relationship: string;
  @ApiPropertyOptional() birthDate?: string;
}

export class MemberViewDto {
  @ApiProperty() memberId: string;
  @ApiProperty() nik: string;
  @ApiProperty() fullName: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ enum: ['M', 'F'] }) sex: string;
  @ApiProperty() village: string;
  @ApiProperty() subdistrict: string;
  @ApiProperty() occupation: string;
  @ApiProperty({ enum: [1, 2, 3] }) p3keDesil: number;
  @ApiProperty() declaredMonthlyIncome: number;
  @ApiProperty() coverageStart: string;
  @ApiProperty({ enum: ['ACTIVE', 'LAPSED', 'DECEASED'], description: 'As of today (Asia/Jakarta)' })
  status: string;
  @ApiProperty({ type: [String], example: ['2025-01'] }) paidMonths: string[];
  @ApiProperty({ description: 'Paid months from the coverage start through this month, paid by today' })
  contributionMonths: number;
  @ApiPropertyOptional() lapsedOn?: string;
  @ApiPropertyOptional() deceasedOn?: string;
  @ApiProperty({ type: [HeirViewDto] }) heirs: HeirViewDto[];
  @ApiProperty({ description: 'The ETag; send it back as If-Match' }) version: number;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberViewDto] }) items: MemberViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class EnrollmentResultDto {
  @ApiProperty() memberId: string;
  @ApiProperty() nik: string;
  @ApiProperty({ enum: ['ACTIVE', 'LAPSED', 'DECEASED'] }) status: string;
}

export class ImportAcceptedDto {
  @ApiProperty() importId: string;
}

export class RosterImportErrorDto {
  @ApiProperty({ description: 'Data row, from 1' }) row: number;
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class RosterImportErrorCountDto {
  @ApiProperty() field: string;
  @ApiProperty({ description: 'The message with its numbers left out' }) reason: string;
  @ApiProperty() count: number;
}

export class RosterImportDuplicateDto {
  @ApiProperty() row: number;
  @ApiProperty({ enum: ['REPEATS_EARLIER_ROW', 'EXISTING_MEMBER'] }) reason: string;
  @ApiPropertyOptional({ description: 'The earlier row of the file with the same NIK' }) firstRow?: number;
  @ApiPropertyOptional({ description: 'The member already holding the NIK' }) memberId?: string;
}

export class RosterImportViewDto {
  @ApiProperty() importId: string;
  @ApiProperty({ enum: ['RUNNING', 'COMPLETED'] }) status: string;
  @ApiProperty({ description: 'Rows processed so far; = enrolled + duplicates + rejected' }) total: number;
  @ApiProperty() enrolled: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ type: [RosterImportErrorDto], description: 'The first 1,000 errors, by row' })
  errors: RosterImportErrorDto[];
  @ApiProperty({ description: 'More errors were found than `errors` lists' }) errorsTruncated: boolean;
  @ApiProperty({ type: [RosterImportErrorCountDto], description: 'Every error, counted by field and reason' })
  errorCounts: RosterImportErrorCountDto[];
  @ApiProperty({ type: [RosterImportDuplicateDto], description: 'The first 1,000 duplicates, by row' })
  duplicateRows: RosterImportDuplicateDto[];
  @ApiProperty() duplicateRowsTruncated: boolean;
  @ApiProperty() startedAt: string;
  @ApiPropertyOptional() completedAt?: string;
}
