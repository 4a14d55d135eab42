import { describe, expect, it } from 'vitest';
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
    { holder: 'Bank B', amount: y('200'), priority: 2 },
    { holder: 'Bank A', amount: y('300'), priority: 1 },
    { holder: 'Old', amount: y('999'), priority: 1, until: '2023-12-31' },
  ],
  haircut: '0.2',
  ltv: '0.5',
};

describe('appraisal chain: capitalisation over the rights’ term → liens → haircut → LTV → loan', () => {
  it('VEP_TERM_PART_YEAR counts in singular and plural: 1 whole year and 1 day', () => {
    // valued 2024-01-01, rights to 2025-01-01: one anniversary 2024-12-31 ≤ 2025-01-01, then 1 day left
    const w = loanAppraisal({
      ...base,
      rights: { until: '2025-01-01', certificate: 'LQ-001' },
    }).warnings.find((i) => i.code === 'VEP_TERM_PART_YEAR');
    expect(w?.message.en).toBe(
      'The rights of "PKG-A" run 1 whole year and 1 day: the last 1 day is not capitalised',
    );
  });

  it('a ratio written as a percentage is refused with a hint that says so (70 → 0.7)', () => {
    // LTV 70 and haircut 20: outside (0, 1] and [0, 1); the hint names the fraction meant
    const ltv = errorOf(() => loanAppraisal({ ...base, ltv: '70' }));
    expect(ltv.issues[0]).toMatchObject({ code: 'VEP_APPRAISAL_INVALID', path: ['loan', 'ltv'] });
    expect(ltv.hint).toBe('The loan-to-value ratio is a fraction, not a percentage: write 0.7 for 70 %.');
    expect(errorOf(() => loanAppraisal({ ...base, haircut: '20' })).hint).toBe(
      'The haircut is a fraction, not a percentage: write 0.2 for 20 %.',
    );
    // a value no percentage explains (−0.1, 150) gets the general hint
    for (const haircut of ['-0.1', '150'])
      expect(errorOf(() => loanAppraisal({ ...base, haircut })).hint).toMatch(
        /^Check the appraisal against docs\/vep\.md/,
      );
  });

  it('one holder’s lien under one reference given twice is DUPLICATE_ID (it would be deducted twice)', () => {
    const twice = {
      ...base,
      liens: [
        { holder: 'Bank A', ref: 'X1', amount: y('100'), priority: 1 },
        { holder: 'Bank B', ref: 'X1', amount: y('100'), priority: 1 },
        { holder: 'Bank A', ref: 'X1', amount: y('100'), priority: 1 },
      ],
    };
    const e = errorOf(() => loanAppraisal(twice));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['DUPLICATE_ID', ['loan', 'liens', 2, 'ref'], { id: 'Bank A X1' }],
    ]);
    expect(e.hint).toMatch(/^A lien is given once/);
    expect(e.hintZh).toBe(
      '每项在先担保只列一次（同一担保权人、同一编号列两次就会扣减两次）：删去重复的一条，或给每项在先担保各自的编号。',
    );
    // holders and references compared by the id rule: a trailing space, a full-width space or letters are the same
    const written = {
      ...base,
      liens: [
        { holder: '农商行', ref: '抵押登记 2023-17', amount: y('100'), priority: 1 },
        { holder: '农商行 ', ref: '抵押登记\u30002023-17', amount: y('100'), priority: 1 },
      ],
    };
    expect(errorOf(() => loanAppraisal(written)).issues.map((i) => [i.code, i.path])).toEqual([
      ['DUPLICATE_ID', ['loan', 'liens', 1, 'ref']],
    ]);
    const fullWidth = {
      ...base,
      liens: [
        { holder: 'Bank A', ref: 'R1', amount: y('100'), priority: 1 },
        { holder: 'Ｂａｎｋ Ａ', ref: 'Ｒ1', amount: y('100'), priority: 1 },
      ],
    };
    expect(errorOf(() => loanAppraisal(fullWidth)).issues[0]?.code).toBe('DUPLICATE_ID');
    // without references two liens of one holder may be two loans: accepted, both deducted
    const bare = { ...base, liens: [0, 1].map(() => ({ holder: 'Bank A', amount: y('100'), priority: 1 })) };
    expect(loanAppraisal(bare).securedClaims).toBe('200.00');
  });

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
    // H = V × (1 − 0.2) = 2084.147257700976… → 2084.15 (realisable value); C = H × 0.5 = 1042.073628850488… → 1042.07
    expect(r.haircut).toEqual({ ratio: '0.2', value: '2084.15' });
    expect(r.ceiling).toBe('1042.07');
    // liens by priority, each recovering what those before it leave of H: Bank A (1) 300; Old (1) released
    // 2023-12-31, before the valuation date: 0; Bank B (2) 200
    expect(r.liens.map((l) => [l.holder, l.status, l.covered])).toEqual([
      ['Bank A', 'ranks-ahead', '300.00'],
      ['Old', 'released', '0.00'],
      ['Bank B', 'ranks-ahead', '200.00'],
    ]);
    // S = 300 + 200 = 500 (the released lien is not counted); M = C − S = 542.073628850488… → 542.07 (down)
    expect(r.securedClaims).toBe('500.00');
    expect(r.maxLoan).toBe('542.07');
    expect(r.maxLoanExact.slice(0, 16)).toBe('542.073628850488');
    expect(r.rounding).toBe('down to the fen');
    // the loan ends by min(valid until 2024-12-31, rights until 2027-06-30)
    expect(r.loanTerm).toEqual({ latestEnd: '2024-12-31', boundBy: 'valuation validity', requested: null });
    // the 181 days after 2026-12-31 are not capitalised, and said so
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['VEP_TERM_PART_YEAR', ['loan', 'rights', 'until'], { id: 'PKG-A', years: 3, days: 181 }],
    ]);
    expect(r.warnings[0]?.message.en).toBe(
      'The rights of "PKG-A" run 3 whole years and 181 days: the last 181 days are not capitalised',
    );
    expect(r.warnings[0]?.message.zh).toBe('“PKG-A”的权利剩余 3 个整年又 181 天：最后 181 天不予资本化');
  });

  it('V in closed form, exact: g = r gives n F/(1 + r), and the maximum loan is floored from the exact value', () => {
    // The reviewer's case: F = 1 000, r = g = 5 %, rights 2024-01-01 … 2044-12-31 = 21 whole years; every term is
    // 1 000 × 1.05^(t−1) / 1.05^t = 1 000/1.05, so V = 21 × 1 000 / 1.05 = 21 000/1.05 = 20 000 exactly; h = 0,
    // LTV = 1, no liens → M = 20 000.00 (a sum of 21 terms of 40 digits gave 19 999.99…97, floored to 19 999.99)
    const r = loanAppraisal({
      ...base,
      growth: '0.05',
      rate: '0.05',
      liens: [],
      rights: { until: '2044-12-31' },
      haircut: '0',
      ltv: '1',
    });
    expect([r.term.years, r.term.daysNotCapitalised]).toEqual([21, 0]);
    expect([r.capitalisation.value, r.capitalisation.exact]).toEqual(['20000.00', '20000']);
    expect([r.maxLoan, r.maxLoanExact]).toEqual(['20000.00', '20000']);
    // g ≠ r: 1 + g = 105/100 and 1 + r = 11/10 over one denominator: a = 1 050, b = 1 100, D = 1 000;
    // N = (1 100³ − 1 050³)/(1 100 − 1 050) = (1 331 000 000 − 1 157 625 000)/50 = 3 467 500;
    // V = F × D × N / b³ = 1 000 × 1 000 × 3 467 500 / 1 331 000 000 = 3 467 500/1 331
    // = 2 605.184072126220886551465063861758076634… (40 significant digits)
    const hand = loanAppraisal(base);
    expect(hand.capitalisation.exact).toBe('2605.184072126220886551465063861758076634');
    // C − S = 3 467 500/1 331 × 0.8 × 0.5 − 500 = 1 387 000/1 331 − 665 500/1 331 = 721 500/1 331
    // = 542.0736288504883546205860255447032306536… (40 significant digits)
    expect(hand.maxLoanExact).toBe('542.0736288504883546205860255447032306536');
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
    // 2024-01-01 … 2026-12-31 is exactly 3 years: no part-year, nothing warned
    expect([r.term.daysNotCapitalised, r.warnings]).toEqual([0, []]);
    expect(r.loanTerm).toMatchObject({ latestEnd: '2026-12-31', boundBy: 'rights' });
    // a declining flow (g = −0.5): 1000/1.1 + 500/1.21 + 250/1.331 = 909.09 + 413.22 + 187.83 = 1510.14
    expect(
      loanAppraisal({ ...base, growth: '-0.5', liens: [], rights: { until: '2026-12-31' } }).capitalisation
        .value,
    ).toBe('1510.14');
  });

  it('the liens are deducted after the haircut and the LTV: 可贷额度 = 评估值 × 抵押率 − 已担保债权余额 (ADR 0053)', () => {
    // The reviewer's case: liens 800 (priority 1) and 500 (priority 2). H = 2605.184072… × 0.8 = 2084.147257…;
    // both liens are paid in full from H (800 + 500 = 1300 ≤ H). C = H × 0.5 = 1042.073628…; S = 1300;
    // M = 1042.073628… − 1300 = −257.926371… → nothing to lend, warned. (Deducting the liens first gave
    // (2605.184072… − 1300) × 0.8 × 0.5 = 522.07, L × h × LTV = 1300 × 0.2 × 0.5 = 130 more than even the
    // liens-after-haircut order ((H − S) × LTV = 392.07) and 522.07 more than the ceiling leaves.)
    const r = loanAppraisal({
      ...base,
      liens: [
        { holder: 'A', amount: y('800'), priority: 1 },
        { holder: 'B', amount: y('500'), priority: 2 },
      ],
    });
    expect(r.liens.map((l) => l.covered)).toEqual(['800.00', '500.00']);
    expect([r.haircut.value, r.ceiling, r.securedClaims, r.maxLoan]).toEqual([
      '2084.15',
      '1042.07',
      '1300.00',
      '0.00',
    ]);
    expect(r.maxLoanExact.slice(0, 12)).toBe('-257.9263711');
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['VEP_TERM_PART_YEAR', ['loan', 'rights', 'until'], { id: 'PKG-A', years: 3, days: 181 }],
      ['VEP_LOAN_NIL', ['loan'], { id: 'PKG-A', ceiling: '1042.07', claims: '1300.00' }],
    ]);
    expect(r.warnings[1]?.message.en).toBe(
      'Nothing can be lent on "PKG-A": the ceiling of secured debt (realisable value × LTV), 1042.07 元, leaves ' +
        'less than 0.01 元 above the liens ranking ahead, 1300.00 元; the maximum loan is 0.00',
    );
    expect(r.warnings[1]?.message.zh).toBe(
      '“PKG-A”无可贷额度：担保债务上限（可变现价值 × 抵押率）1042.07 元，扣除在先担保债权 1300.00 元后不足 0.01 元，最高贷款额为 0.00 元',
    );
  });

  it('liens above the realisable value leave nothing to lend; a loan within the bound is accepted', () => {
    const r = loanAppraisal({ ...base, liens: [{ holder: 'A', amount: y('9000'), priority: 1 }] });
    // Bank A recovers all of H = 2084.147… of its 9000, to the whole fen: 2084.14 (a sale realises whole fen);
    // C − S = 1042.07… − 9000 < 0 → loan 0.00, warned
    expect(r.liens[0]?.covered).toBe('2084.14');
    expect([r.securedClaims, r.maxLoan]).toEqual(['9000.00', '0.00']);
    expect(r.warnings.map((w) => w.code)).toEqual(['VEP_TERM_PART_YEAR', 'VEP_LOAN_NIL']);
    const ok = loanAppraisal({ ...base, loan: { start: '2024-01-01', months: 12 } });
    expect(ok.loanTerm.requested).toEqual({ start: '2024-01-01', end: '2024-12-31' });
  });

  it('a right with less than a whole year left: nothing capitalised, warned; a loan requested on it is refused', () => {
    // The reviewer's case: 500 000 元 a year, rights until 2024-12-30 from 2024-01-01: 0 whole years, 365 days
    // (2024 has 366). V = 0 (no whole year), H = C = 0, S = 0: C − S = 0 → nothing to lend.
    const f7 = {
      id: 'P',
      valuationDate: '2024-01-01',
      validUntil: '2024-12-31',
      annualFlow: y('500000'),
      rate: '0.05',
      rights: { until: '2024-12-30' },
      haircut: '0.2',
      ltv: '0.6',
    };
    const r = loanAppraisal(f7);
    expect([r.term.years, r.term.daysNotCapitalised, r.capitalisation.value, r.maxLoan]).toEqual([
      0,
      365,
      '0.00',
      '0.00',
    ]);
    expect(r.warnings.map((w) => [w.code, w.params])).toEqual([
      ['VEP_TERM_PART_YEAR', { id: 'P', years: 0, days: 365 }],
      ['VEP_LOAN_NIL', { id: 'P', ceiling: '0.00', claims: '0.00' }],
    ]);
    expect(r.warnings[0]?.message.en).toBe(
      'The rights of "P" have less than a whole year left (365 days): nothing is capitalised, the value is 0',
    );
    expect(r.warnings[0]?.message.zh).toBe('“P”的权利剩余不足一个整年（365 天），不予资本化：资本化价值为 0');
    // and with g = r: still V = 0 (N = 0 for n = 0, not n·a^(n−1), which has no integer value at n = 0)
    expect(loanAppraisal({ ...f7, growth: '0.05' }).capitalisation).toMatchObject({
      value: '0.00',
      exact: '0',
    });
    // with a 6-month loan requested (within the rights' term), the loan is refused: nothing secures it
    const e = errorOf(() => loanAppraisal({ ...f7, loan: { start: '2024-01-01', months: 6 } }));
    expect(e.issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ['VEP_LOAN_NIL', 'error', ['loan', 'loan']],
      ['VEP_TERM_PART_YEAR', 'warning', ['loan', 'rights', 'until']],
    ]);
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
      ['VEP_TERM_PART_YEAR', { id: 'PKG-A', years: 3, days: 181 }],
    ]);
  });

  it('whole years: a leap day and a term shorter than a year', () => {
    // 2024-02-29 + 12 months: February 2025 has no 29th, so the first year ends on its last day, 2025-02-28
    expect(wholeYears('2024-02-29', '2025-02-28')).toEqual({ years: 1, daysLeft: 0 });
    expect(wholeYears('2024-02-29', '2025-03-01')).toEqual({ years: 1, daysLeft: 1 });
    // A day short of that year: 2024-02-29 … 2025-02-27 is 365 days (2024-02-29 … 2025-02-28, a year of 366 days less
    // one), none of them a whole year
    expect(wholeYears('2024-02-29', '2025-02-27')).toEqual({ years: 0, daysLeft: 365 });
    // 2024-01-01 … 2024-06-30: 31 + 29 + 31 + 30 + 31 + 30 = 182 days (2024 is a leap year)
    expect(wholeYears('2024-01-01', '2024-06-30')).toEqual({ years: 0, daysLeft: 182 });
  });
});

describe('appraisal edges: the day a lien, a right or a validity ends, and what each refusal names', () => {
  const bare = { ...base, growth: undefined, liens: [] };
  it('a lien ending on the valuation date is still in force; one ending the day before is released', () => {
    const r = loanAppraisal({
      ...bare,
      liens: [
        { holder: 'Ends that day', amount: y('100'), priority: 1, until: '2024-01-01', ref: 'L-1' },
        { holder: 'Ends later', amount: y('200'), priority: 2, until: '2030-01-01' },
        { holder: 'Ended', amount: y('300'), priority: 3, until: '2023-12-31' },
      ],
    });
    // V = 1000/1.1 + 1000/1.21 + 1000/1.331 (3 whole years to 2027-06-30) = 2486.85; 100 and 200 cover, 300 released
    expect(r.liens.map((l) => [l.holder, l.ref, l.status, l.covered])).toEqual([
      ['Ends that day', 'L-1', 'ranks-ahead', '100.00'],
      ['Ends later', null, 'ranks-ahead', '200.00'],
      ['Ended', null, 'released', '0.00'],
    ]);
    // H = 2486.851990… × 0.8 = 1989.481592…, C = × 0.5 = 994.740796…; S = 100 + 200 = 300 → M = 694.74
    expect([r.securedClaims, r.maxLoan]).toEqual(['300.00', '694.74']);
    expect(r.method).toBe('loan-appraisal');
  });

  it('liens of one priority share what is left in proportion to their amounts (民法典 第四百一十四条), to the fen', () => {
    // The reviewer's case: F = 1 000, r = 5 %, 10 whole years, h = 0, LTV = 1: V = H = 1 000 × (1 − 1.05⁻¹⁰)/0.05
    // = 7 721.734929… → ⌊H⌋ = 772 173 fen. A 6 000 and B 4 000, both priority 1: 10 000 > 7 721.73, so they share
    // 772 173 fen 6 : 4: A 463 303.8 → 463 303, B 308 869.2 → 308 869; the fen left (772 173 − 772 172 = 1) goes
    // to the larger remainder, A (0.8 > 0.2): A 4 633.04, B 3 088.69 (in the order given, A took 6 000.00 and B
    // the 1 721.73 left). S = 10 000 > C = 7 721.73…: nothing to lend.
    const f8 = {
      ...bare,
      rate: '0.05',
      rights: { until: '2033-12-31' },
      haircut: '0',
      ltv: '1',
      liens: [
        { holder: 'A', amount: y('6000'), priority: 1 },
        { holder: 'B', amount: y('4000'), priority: 1 },
      ],
    };
    const r = loanAppraisal(f8);
    expect(r.haircut.value).toBe('7721.73');
    expect(r.liens.map((l) => [l.holder, l.covered])).toEqual([
      ['A', '4633.04'],
      ['B', '3088.69'],
    ]);
    expect([r.securedClaims, r.maxLoan]).toEqual(['10000.00', '0.00']);
    // one lien of 7 721.72: C − S = 7 721.734929… − 7 721.72 = 0.014929… → 0.01 can be lent, and nothing is warned
    const fen = loanAppraisal({ ...f8, liens: [{ holder: 'A', amount: y('7721.72'), priority: 1 }] });
    expect([fen.maxLoan, fen.maxLoanExact.slice(0, 8), fen.warnings]).toEqual(['0.01', '0.014929', []]);
    // equal remainders and equal amounts: the one given first takes the odd fen. 5 000 and 5 000 share 772 173 fen:
    // 386 086.5 each → 386 086 + 386 086, 1 fen left → the first given
    const even = (a: string, b: string) =>
      loanAppraisal({
        ...f8,
        liens: [
          { holder: a, amount: y('5000'), priority: 1 },
          { holder: b, amount: y('5000'), priority: 1 },
        ],
      }).liens.map((l) => [l.holder, l.covered]);
    expect(even('A', 'B')).toEqual([
      ['A', '3860.87'],
      ['B', '3860.86'],
    ]);
    expect(even('B', 'A')).toEqual([
      ['B', '3860.87'],
      ['A', '3860.86'],
    ]);
    // a rank before is paid in full, one after a rank that took everything recovers nothing: Z 1 000 (priority 1)
    // in full, then A 6 000 : B 4 000 (priority 2) share 772 173 − 100 000 = 672 173 fen → 403 303.8 and 268 869.2
    // → 403 303 + 1 (larger remainder) and 268 869; then C 500 (priority 3) gets 0
    const ranked = loanAppraisal({
      ...f8,
      liens: [
        { holder: 'C', amount: y('500'), priority: 3 },
        { holder: 'A', amount: y('6000'), priority: 2 },
        { holder: 'Z', amount: y('1000'), priority: 1 },
        { holder: 'B', amount: y('4000'), priority: 2 },
      ],
    });
    expect(ranked.liens.map((l) => [l.holder, l.covered])).toEqual([
      ['Z', '1000.00'],
      ['A', '4033.04'],
      ['B', '2688.69'],
      ['C', '0.00'],
    ]);
    const share = (liens: { holder: string; amount: string; priority: number }[]) =>
      loanAppraisal({ ...f8, liens: liens.map((l) => ({ ...l, amount: y(l.amount) })) }).liens.map((l) => [
        l.holder,
        l.covered,
      ]);
    // the larger remainder on the smaller claim: Z 1 000.01 in full, then A 6 000 : B 4 000 share 772 173 − 100 001
    // = 672 172 fen → 403 303.2 and 268 868.8 → 403 303 and 268 868, the fen left to B (0.8 > 0.2), given second
    expect(
      share([
        { holder: 'Z', amount: '1000.01', priority: 1 },
        { holder: 'A', amount: '6000', priority: 2 },
        { holder: 'B', amount: '4000', priority: 2 },
      ]),
    ).toEqual([
      ['Z', '1000.01'],
      ['A', '4033.03'],
      ['B', '2688.69'],
    ]);
    // equal remainders, unequal claims: Z 7 721.71 in full leaves 772 173 − 772 171 = 2 fen; X 1 000 : Y 3 000 share
    // them → 0.5 and 1.5 → 0 and 1, remainders equal (0.5): the fen left to the larger claim, Y, given second
    expect(
      share([
        { holder: 'Z', amount: '7721.71', priority: 1 },
        { holder: 'X', amount: '1000', priority: 2 },
        { holder: 'Y', amount: '3000', priority: 2 },
      ]),
    ).toEqual([
      ['Z', '7721.71'],
      ['X', '0.00'],
      ['Y', '0.02'],
    ]);
    // a lien of 0.00 after Z took all of ⌊H⌋: it is due 0 of the 0 left, and recovers 0.00
    expect(
      share([
        { holder: 'Z', amount: '10000', priority: 1 },
        { holder: 'N', amount: '0', priority: 2 },
      ]),
    ).toEqual([
      ['Z', '7721.73'],
      ['N', '0.00'],
    ]);
  });

  it('a lien amount that is not whole fen is refused, naming the lien', () => {
    const e = errorOf(() =>
      loanAppraisal({ ...bare, liens: [{ holder: 'A', amount: y('100.005'), priority: 1 }] }),
    );
    expect(e.issues[0]).toMatchObject({
      code: 'VEP_AMOUNT_NOT_FEN',
      path: ['loan', 'liens', 0, 'amount', 'value'],
      params: { what: 'lien 1', value: '100.005' },
    });
    expect(e.issues[0]?.message.zh).toBe('第 1 项在先担保（100.005 元）不是整分金额');
  });

  it('a lien at another price year is refused, naming the lien', () => {
    const e = errorOf(() =>
      loanAppraisal({
        ...bare,
        liens: [
          { holder: 'A', amount: y('1'), priority: 1 },
          { holder: 'B', amount: y('1', 2023), priority: 2 },
        ],
      }),
    );
    expect(e.issues[0]).toMatchObject({
      code: 'VEP_PRICE_YEAR_MISMATCH',
      path: ['loan', 'liens', 1, 'amount', 'priceYear'],
      params: { what: 'lien 2', a: 2023, b: 2024 },
    });
  });

  it('rights ending on the valuation date are not expired; the day before they are, and the refusal says so', () => {
    // 0 whole years from 2024-01-01 to 2024-01-01: nothing capitalised, 1 day left over
    const r = loanAppraisal({ ...bare, rights: { until: '2024-01-01' } });
    expect([r.term.years, r.term.daysNotCapitalised, r.capitalisation.value]).toEqual([0, 1, '0.00']);
    const e = errorOf(() => loanAppraisal({ ...bare, rights: { until: '2023-12-31' } }));
    expect(e.issues[0]).toMatchObject({
      code: 'VEP_RIGHT_EXPIRED',
      path: ['loan', 'rights', 'until'],
      params: { id: 'PKG-A', until: '2023-12-31', when: 'valuation date 2024-01-01' },
    });
    expect(e.issues[0]?.message.zh).toBe('“PKG-A”的权利已于 2023-12-31 到期（早于估值基准日 2024-01-01）');
    expect(e.issues[0]?.message.en).toBe(
      'The right of "PKG-A" ended on 2023-12-31, before the valuation date 2024-01-01',
    );
  });

  it('grades: none checked without a threshold; evidence all at or above it passes; below it is named', () => {
    const evidence = [
      { id: 'R1', grade: 'verified' },
      { id: 'R3', grade: 'published' },
      { id: 'R4', grade: 'derived' },
    ];
    const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);
    expect(codes(loanAppraisal({ ...bare, evidence: [{ id: 'X', grade: 'assumed' }] }))).toEqual([
      'VEP_TERM_PART_YEAR',
    ]);
    expect(codes(loanAppraisal({ ...bare, minGrade: 'derived', evidence }))).toEqual(['VEP_TERM_PART_YEAR']);
    const e = errorOf(() => loanAppraisal({ ...bare, minGrade: 'verified', evidence }));
    expect(e.issues[0]).toMatchObject({
      code: 'VEP_GRADE_BELOW',
      path: ['loan', 'evidence'],
      params: { threshold: 'verified', items: 'R3 (published), R4 (derived)' },
    });
  });

  it('a valuation valid until its own date is accepted; valid until the day before is refused', () => {
    expect(loanAppraisal({ ...bare, validUntil: '2024-01-01' }).loanTerm.latestEnd).toBe('2024-01-01');
    const e = errorOf(() => loanAppraisal({ ...bare, validUntil: '2023-12-31' }));
    expect(e.issues[0]).toMatchObject({ code: 'VEP_LOAN_TERM_EXCEEDED', path: ['loan', 'validUntil'] });
    expect(e.issues[0]?.message.en).toContain('valid until 2023-12-31, before its own date 2024-01-01');
  });

  it('the loan: not before the valuation date, not past the rights when they end first', () => {
    // starts 2023-12-01 (1 month, ends 2023-12-31): before the valuation date
    const early = errorOf(() => loanAppraisal({ ...bare, loan: { start: '2023-12-01', months: 1 } }));
    expect(early.issues[0]).toMatchObject({ code: 'VEP_LOAN_TERM_EXCEEDED', path: ['loan', 'loan'] });
    expect(early.issues[0]?.message.en).toContain(
      'the loan runs 2023-12-01 to 2023-12-31; it must start on or after the valuation date 2024-01-01 and end by ' +
        '2024-12-31 (valuation valid until 2024-12-31, rights until 2027-06-30)',
    );
    // rights until 2025-06-30 (1 whole year capitalised), validity 2025-12-31: a 24-month loan ending 2025-12-31
    // passes the rights; an 18-month one ends with them
    const rights = { until: '2025-06-30' };
    const validUntil = '2025-12-31';
    const late = errorOf(() =>
      loanAppraisal({ ...bare, rights, validUntil, loan: { start: '2024-01-01', months: 24 } }),
    );
    expect(late.issues[0]?.message.en).toContain('end by 2025-06-30');
    const ok = loanAppraisal({ ...bare, rights, validUntil, loan: { start: '2024-01-01', months: 18 } });
    expect(ok.loanTerm).toEqual({
      latestEnd: '2025-06-30',
      boundBy: 'rights',
      requested: { start: '2024-01-01', end: '2025-06-30' },
    });
    // validity and rights end on the same day: the rights are named
    const same = loanAppraisal({ ...bare, validUntil: '2027-06-30' });
    expect(same.loanTerm).toMatchObject({ latestEnd: '2027-06-30', boundBy: 'rights' });
  });

  it('a valuation valid at most 120 months: 2033-12-31 from 2024-01-01 is accepted, a day later refused', () => {
    // 120 months from 2024-01-01 end on 2033-12-31 (validUntil of the context, the same term)
    expect(loanAppraisal({ ...bare, validUntil: '2033-12-31' }).loanTerm.latestEnd).toBe('2027-06-30');
    const e = errorOf(() => loanAppraisal({ ...bare, validUntil: '2034-01-01' }));
    expect(e.issues).toEqual([
      expect.objectContaining({
        code: 'VEP_VALIDITY_TOO_LONG',
        path: ['loan', 'validUntil'],
        params: { validUntil: '2034-01-01', valuationDate: '2024-01-01', months: 120, latest: '2033-12-31' },
      }),
    ]);
    // the reviewer's case: rights and validity to 2199 would lend over 50 years on the rights alone
    const far = errorOf(() =>
      loanAppraisal({ ...bare, validUntil: '2199-12-31', rights: { until: '2199-12-31' } }),
    );
    expect(far.issues[0]?.message.en).toBe(
      'The valuation is valid until 2199-12-31, more than 120 months after its date 2024-01-01 (at most until 2033-12-31)',
    );
  });

  it('a minimum grade with no evidence to check it against is refused', () => {
    for (const evidence of [undefined, []]) {
      const e = errorOf(() => loanAppraisal({ ...bare, minGrade: 'derived', evidence }));
      expect(e.issues).toEqual([
        expect.objectContaining({
          code: 'VEP_EVIDENCE_MISSING',
          path: ['loan', 'evidence'],
          params: { threshold: 'derived' },
        }),
      ]);
    }
    // no minimum grade, no evidence: nothing to check
    expect(loanAppraisal({ ...bare, evidence: [] }).maxLoan).toBe(loanAppraisal(bare).maxLoan);
  });

  it('growth at or above the rate, or above 10 %, is warned at its path', () => {
    const growth = (g: string, rate = '0.05') =>
      loanAppraisal({ ...bare, rate, growth: g })
        .warnings.filter((w) => w.code === 'VEP_GROWTH_HIGH')
        .map((w) => [w.path, w.params, w.message.en]);
    // 0.5 typed for 0.5 %: above the level and above the rate (the rate is named, the graver)
    expect(growth('0.5')).toEqual([
      [
        ['loan', 'growth'],
        { growth: '0.5', rate: '0.05', level: '0.1', against: 'rate' },
        "Growth rate 0.5 is at or above the capitalisation rate 0.05: no year's flow is worth less today than the year before, so the value grows at least in proportion to the term, without limit; check it",
      ],
    ]);
    expect(growth('0.05').map(([, p]) => p)).toEqual([
      { growth: '0.05', rate: '0.05', level: '0.1', against: 'rate' },
    ]);
    expect(growth('0.11', '0.12').map(([, , m]) => m)).toEqual(['Growth rate 0.11 is above 0.1; check it']);
    expect(growth('0.1', '0.12')).toEqual([]);
    expect(growth('0.0499')).toEqual([]);
    expect(growth('-0.5')).toEqual([]);
  });

  it('the high-rate warning names the rate’s path', () => {
    expect(loanAppraisal({ ...bare, rate: '0.2' }).warnings[0]).toMatchObject({
      code: 'VEP_RATE_HIGH',
      path: ['loan', 'rate'],
    });
  });
});
