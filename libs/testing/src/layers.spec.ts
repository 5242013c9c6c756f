import { ESLint } from 'eslint';

/** Lints a file that is not on disk, as `npm run lint` would lint it at that path. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: process.cwd() }).lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers are enforced by lint (npm run lint)', () => {
  it('libs/domain imports no Nest, no I/O and no other library of the project', async () => {
    const refused = await lintAs(
      'libs/domain/src/claims/probe.ts',
      [
        "import { Injectable } from '@nestjs/common';",
        "import { readFileSync } from 'node:fs';",
        "import { EVENT_STORE } from '@app/platform';",
        "import { fold } from '../../../platform/src/clock';",
        "import { DomainError } from '../shared/domain-error';",
        'export const used = [Injectable, readFileSync, EVENT_STORE, fold, DomainError];',
      ].join('\n'),
    );
    expect(refused).toHaveLength(4);
    expect(refused[0]).toContain('@nestjs/common');
  });

  it('payouts reach the features through their entry points only; libraries never import apps', async () => {
    const refused = await lintAs(
      'libs/payouts/src/probe.ts',
      [
        "import { ClaimPayoutRecorder } from '@app/features/claims/claim-payout-recorder';",
        "import { ClaimPayoutRecorderModule } from '@app/features/claims';",
        "import { EmbeddedModule } from '../../../apps/embedded/src/embedded.module';",
        'export const used = [ClaimPayoutRecorder, ClaimPayoutRecorderModule, EmbeddedModule];',
      ].join('\n'),
    );
    expect(refused).toHaveLength(2);
  });
});
