import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Roles } from '@app/platform';
import { SeparationOfDutiesQueryDto } from './dto/separation-of-duties.query';
import { SeparationOfDutiesReportDto } from './dto/separation-of-duties.dto';
import { SeparationOfDutiesQuery, SeparationOfDutiesReport } from './queries';
import { reportPeriod } from './report-period';
import { separationOfDutiesCsv } from './separation-of-duties.csv';

/** docs/audit.md "Separation of duties": who submitted and who approved, conflicts, the band below four eyes. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The token lacks the auditor (or admin) role' })
@Roles('auditor')
@Controller('api/audit/reports')
export class SeparationOfDutiesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('separation-of-duties')
  @ApiOperation({
    summary:
      'Submitter → approver pairs, claims approved by the officer who enrolled or corrected the member, and approvals just below the four-eyes threshold; JSON, or CSV with Accept: text/csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SeparationOfDutiesReportDto })
  @ApiBadRequestResponse({
    description: '`from` or `to` is not a date or instant, or `to` is not after `from`',
  })
  async report(
    @Query() query: SeparationOfDutiesQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SeparationOfDutiesReport | string> {
    const report = await this.queries.execute(new SeparationOfDutiesQuery(reportPeriod(query)));
    if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') return report;
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="separation-of-duties.csv"');
    return separationOfDutiesCsv(report);
  }
}
