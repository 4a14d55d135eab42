import { describe, expect, it } from 'vitest';
import { marketComparison, replacementCost } from './comparison';
import { loanAppraisal, wholeYears } from './lending';
import { errorOf } from '../../test/helpers';

const y = (value: string, priceYear = 2024) => ({ value, unit: 'yuan', priceYear });
const base = {
  id: 'PKG-A',
  valuationDate: '2024-01-01',
  validUntil: '2024-12-31',
  annualFlow: y('1000'),
  rate: '0.1',
  growth: '0.05',
  rights: { until: '2027-06-30', certificate: 'LQ-001' },
  liens: [
    { holder: 'Bank B', amount: y('500'), priority: 2 },
    { holder: 'Bank A', amount: y('800'), priority: 1 },
    { holder: 'Old', amount: y('999'), priority: 1, until: '2023-12-31' },
  ],
  haircut: '0.2',
  ltv: '0.5',
};

describe('appraisal chain: capitalisation over the rights’ term → liens → haircut → LTV → loan', () => {
  it('hand-computed chain', () => {
    const r = loanAppraisal(base);
    // term: anniversaries 2024-12-31, 2025-12-31, 2026-12-31 ≤ 2027-06-30 < 2027-12-31 → 3 whole years,
    // 2026-12-31 → 2027-06-30 = 181 days not capitalised
    expect(r.term).toEqual({
      from: '2024-01-01',
      rightsUntil: '2027-06-30',
      years: 3,
      daysNotCapitalised: 181,
    });
    // flows 1000, 1000 × 1.05 = 1050, 1050 × 1.05 = 1102.5; discounts 1.1, 1.21, 1.331
    // V = 909.0909… + 867.7685… + 828.3245… = 2605.184072… → 2605.18
    expect(r.capitalisation.terms.map((t) => [t.t, t.flow, t.discount])).toEqual([
      [1, '1000', '1.1'],
      [2, '1050', '1.21'],
      [3, '1102.5', '1.331'],
    ]);
    expect(r.capitalisation.terms[0]?.presentValue.slice(0, 12)).toBe('909.09090909');
    expect(r.capitalisation.value).toBe('2605.18');
    // liens by priority: Bank A (1) 800; Old (1) released 2023-12-31, before the valuation date: 0; Bank B (2) 500
    expect(r.liens.map((l) => [l.holder, l.status, l.covered])).toEqual([
      ['Bank A', 'ranks-ahead', '800.00'],
      ['Old', 'released', '0.00'],
      ['Bank B', 'ranks-ahead', '500.00'],
    ]);
    // W = 2605.184072… − 1300 = 1305.18; H = W × 0.8 = 1044.147257… → 1044.15; M = H × 0.5 = 522.0736… → 522.07 (down)
    expect(r.pledgeable).toBe('1305.18');
    expect(r.haircut).toEqual({ ratio: '0.2', value: '1044.15' });
    expect(r.maxLoan).toBe('522.07');
    // the loan ends by min(valid until 2024-12-31, rights until 2027-06-30)
    expect(r.loanTerm).toEqual({ latestEnd: '2024-12-31', boundBy: 'valuation validity', requested: null });
    expect(r.warnings).toEqual([]);
  });

  it('no growth: the documented example; the rights bound the term when they end first', () => {
    // 1000/1.1 + 1000/1.21 + 1000/1.331 = 2486.851990…; × 0.8 × 0.5 = 994.740796… → 994.74
    const r = loanAppraisal({
      ...base,
      growth: undefined,
      liens: [],
      rights: { until: '2026-12-31' },
      validUntil: '2027-06-30',
    });
    expect(r.capitalisation.value).toBe('2486.85');
    expect(r.maxLoan).toBe('994.74');
    expect(r.loanTerm).toMatchObject({ latestEnd: '2026-12-31', boundBy: 'rights' });
    // a declining flow (g = −0.5): 1000/1.1 + 500/1.21 + 250/1.331 = 909.09 + 413.22 + 187.83 = 1510.14
    expect(
      loanAppraisal({ ...base, growth: '-0.5', liens: [], rights: { until: '2026-12-31' } }).capitalisation
        .value,
    ).toBe('1510.14');
  });

  it('liens above the value leave nothing to lend; a loan within the bound is accepted', () => {
    const r = loanAppraisal({ ...base, liens: [{ holder: 'A', amount: y('9000'), priority: 1 }] });
    // Bank A covers all 2605.18 of its 9000; W = 0 → loan 0.00
    expect(r.liens[0]?.covered).toBe('2605.18');
    expect([r.pledgeable, r.maxLoan]).toEqual(['0.00', '0.00']);
    const ok = loanAppraisal({ ...base, loan: { start: '2024-01-01', months: 12 } });
    expect(ok.loanTerm.requested).toEqual({ start: '2024-01-01', end: '2024-12-31' });
  });

  it('refusals: rate outside (0, 1), term beyond validity or rights, an expired right, grades below the bank’s', () => {
    for (const rate of ['-0.9', '0', '1'])
      expect(errorOf(() => loanAppraisal({ ...base, rate })).issues[0]).toMatchObject({
        code: 'VEP_APPRAISAL_INVALID',
        path: ['loan', 'rate'],
      });
    expect(errorOf(() => loanAppraisal({ ...base, haircut: '1' })).code).toBe('VEP_APPRAISAL_INVALID');
    expect(errorOf(() => loanAppraisal({ ...base, ltv: '0' })).code).toBe('VEP_APPRAISAL_INVALID');
    // 12 months from 2024-06-01 end 2025-05-31, after the valuation's validity (2024-12-31)
    const long = errorOf(() => loanAppraisal({ ...base, loan: { start: '2024-06-01', months: 12 } }));
    expect(long.issues[0]).toMatchObject({ code: 'VEP_LOAN_TERM_EXCEEDED', path: ['loan', 'loan'] });
    expect(long.issues[0]?.message.en).toContain('end by 2024-12-31');
    const expired = errorOf(() => loanAppraisal({ ...base, rights: { until: '2020-12-31' } }));
    expect(expired.issues[0]).toMatchObject({ code: 'VEP_RIGHT_EXPIRED', severity: 'error' });
    const graded = errorOf(() =>
      loanAppraisal({
        ...base,
        minGrade: 'published',
        evidence: [
          { id: 'R1|forest|runoff', grade: 'verified' },
          { id: 'R3|price', grade: 'assumed' },
        ],
      }),
    );
    expect(graded.issues[0]).toMatchObject({
      code: 'VEP_GRADE_BELOW',
      params: { items: 'R3|price (assumed)' },
    });
  });

  it('a rate above 12 % is warned, not refused', () => {
    const r = loanAppraisal({ ...base, rate: '0.15' });
    expect(r.warnings.map((w) => [w.code, w.params])).toEqual([
      ['VEP_RATE_HIGH', { rate: '0.15', level: '0.12' }],
    ]);
  });

  it('whole years: a leap day and a term shorter than a year', () => {
    // 2024-02-29 + 12 months − 1 day = 2025-02-27 (February 2025 has 28 days: the anniversary is 02-28)
    expect(wholeYears('2024-02-29', '2025-02-28')).toEqual({ years: 1, daysLeft: 1 });
    // 2024-01-01 … 2024-06-30: 31 + 29 + 31 + 30 + 31 + 30 = 182 days (2024 is a leap year)
    expect(wholeYears('2024-01-01', '2024-06-30')).toEqual({ years: 0, daysLeft: 182 });
  });
});

describe('market comparison and replacement cost', () => {
  it('market comparison: weighted mean of corrected unit prices × area', () => {
    // A 30 000 元/hm² × 1.02 × 0.95 = 29 070; B 2 100 元/亩 = 31 500 元/hm² × 0.98 = 30 870; C 28 000, weight 2
    // P = (29 070 + 30 870 + 2 × 28 000) / 4 = 115 940 / 4 = 28 985 元/hm²; V = 28 985 × 2 hm² (30 亩) = 57 970.00
    const r = marketComparison({
      subject: { area: { value: '30', unit: 'mu' } },
      comparables: [
        {
          id: 'A',
          price: { value: '30000', unit: 'yuan/hm2', priceYear: 2024 },
          factors: { date: '1.02', individual: '0.95' },
        },
        {
          id: 'B',
          price: { value: '2100', unit: 'yuan/mu', priceYear: 2024 },
          factors: { regional: '0.98' },
        },
        { id: 'C', price: { value: '28000', unit: 'yuan/hm2', priceYear: 2024 }, weight: '2' },
      ],
    });
    expect(r.comparables.map((c) => c.corrected)).toEqual(['29070', '30870', '28000']);
    expect(r.unitPrice.value).toBe('28985');
    expect(r.value).toBe('57970.00');
    const two = { subject: { area: { value: '1', unit: 'hm2' } }, comparables: [r.comparables[0]] };
    expect(errorOf(() => marketComparison(two)).code).toBe('VEP_APPRAISAL_INVALID');
  });

  it('replacement cost: C × (1 − a/L) × K', () => {
    // 120 000 × (1 − 8/20) × 0.9 = 120 000 × 0.6 × 0.9 = 64 800.00
    const r = replacementCost({ cost: y('120000'), age: 8, life: 20, condition: '0.9' });
    expect(r).toMatchObject({ remainingShare: '0.6', value: '64800.00', priceYear: 2024 });
    expect(errorOf(() => replacementCost({ cost: y('1'), age: 30, life: 20 })).code).toBe(
      'VEP_APPRAISAL_INVALID',
    );
  });
});
