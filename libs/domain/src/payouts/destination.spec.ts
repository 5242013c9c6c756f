import {
  holderNameMatches,
  maskAccountNumber,
  nameWords,
  payToErrors,
  payoutOfTransferKey,
  transferKey,
} from './destination';

describe('holder name match (docs/benefit-rules.md "Where money goes")', () => {
  it.each([
    ['Siti Aminah', 'SITI AMINAH'],
    ['Siti Aminah', 'IBU SITI AMINAH BINTI AHMAD'],
    ['H. Ahmad Fauzi', 'AHMAD FAUZI'],
    ['Sdri. Nur-Aini', 'NUR AINI'],
    ['Bpk. Budi Santoso, Alm.', 'BUDI SANTOSO'],
    ['RSUD Sekayu', 'rsud  sekayu'],
  ])('%s matches %s', (payee, holder) => expect(holderNameMatches(payee, holder)).toBe(true));

  it.each([
    ['Siti Aminah', 'REKENING SANDBOX'],
    ['Siti Aminah', 'SITI RAHAYU'],
    ['Budi', 'IBU'],
    ['Ahmad Fauzi', ''],
  ])('%s does not match %s', (payee, holder) => expect(holderNameMatches(payee, holder)).toBe(false));

  it('drops punctuation and honorifics, keeps the words', () => {
    expect(nameWords('Hj. Siti-Aminah, S.Pd')).toEqual(['SITI', 'AMINAH', 'S', 'PD']);
  });
});

describe('payTo field rules', () => {
  it('accepts digits of sane lengths and a name', () =>
    expect(payToErrors({ bankCode: '014', accountNumber: '8012345678', accountName: 'SITI' })).toEqual([]));

  it('names each bad field', () => {
    const fields = payToErrors({ bankCode: '14', accountNumber: '12-34', accountName: ' ', iban: 'x' }).map(
      (e) => e.field,
    );
    expect(fields).toEqual(['payTo.bankCode', 'payTo.accountNumber', 'payTo.accountName', 'payTo.iban']);
  });

  it('refuses a name longer than other text fields (200)', () =>
    expect(
      payToErrors({ bankCode: '014', accountNumber: '8012345678', accountName: 'A'.repeat(201) }),
    ).toHaveLength(1));
});

describe('account numbers are personal data', () => {
  it('are masked but for the last 4 digits', () => {
    expect(maskAccountNumber('8012345678')).toBe('******5678');
    expect(maskAccountNumber('123')).toBe('****');
  });
});

describe('transfer keys', () => {
  it('the first destination keeps the payout id; each new one has its own key', () => {
    expect(transferKey('c-payout-1', 0)).toBe('c-payout-1');
    expect(transferKey('c-payout-1', 2)).toBe('c-payout-1-d2');
    expect(payoutOfTransferKey('c-payout-1-d2')).toEqual({ payoutId: 'c-payout-1', destinationChanges: 2 });
    expect(payoutOfTransferKey('c-payout-1')).toEqual({ payoutId: 'c-payout-1', destinationChanges: 0 });
  });
});
