import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/errors';
import {
  type CertificateOwner,
  type CertificateSeen,
  DuplicateChecks,
  type DuplicateIndex,
  type FreshCertificates,
  MEMORY_KEYS,
  type ParcelKeys,
  ownerText,
  sameOwner,
} from './duplicates';

const parcel = (
  id: string,
  pkg: string | null,
  rights: { certificate?: string; holder?: string }[] = [],
): ParcelKeys => ({ id, package: pkg, rights });

/** A certificate's owner: its package and holder, null for none. */
const owner = (pkg: string | null, holder: string | null): CertificateOwner => ({ package: pkg, holder });

/** Check a parcel at line `line` and, when it passes, claim it (as the batch does once it is valued). */
function value(c: DuplicateChecks, p: ParcelKeys, line: number): Issue | FreshCertificates | undefined {
  const r = c.check(p, ['parcels', line]);
  if (r === undefined || r instanceof Map) c.claim(p.id, line, r);
  return r;
}

/** A disk index of two Maps, counting how often it was opened and closed. */
function fakeIndex(copiesKeys?: boolean) {
  const opened: DuplicateIndex[] = [];
  const closed: number[] = [];
  const open = (): DuplicateIndex => {
    const index: DuplicateIndex = {
      ids: new Map<string, number>(),
      certificates: new Map<string, CertificateSeen>(),
      close: () => closed.push(opened.indexOf(index)),
      ...(copiesKeys === undefined ? {} : { copiesKeys }),
    };
    opened.push(index);
    return index;
  };
  return { open, opened, closed };
}

describe('parcel ids', () => {
  it('an id valued earlier is refused with the line it was valued on (zh and en)', () => {
    const c = new DuplicateChecks(undefined);
    expect(value(c, parcel('ZX-1', 'P'), 2)).toBeUndefined();
    expect(value(c, parcel('ZX-2', 'P'), 3)).toBeUndefined();
    const dup = c.check(parcel('ZX-1', 'Q'), ['parcels', 7]) as Issue;
    expect(dup).toMatchObject({
      code: 'VEP_PARCEL_DUPLICATE',
      path: ['parcels', 7, 'id'],
      params: { id: 'ZX-1', first: 2 },
    });
    expect(dup.message.en).toBe('Duplicate parcel id "ZX-1" (valued on line 2); this line was not valued');
    expect(dup.message.zh).toBe('地块编号“ZX-1”重复（已在第 2 行估值），本行未估值');
  });

  it('a parcel checked and not claimed (refused for another reason) leaves its id and certificates free', () => {
    const c = new DuplicateChecks(undefined);
    expect(c.check(parcel('ZX-1', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), ['p'])).toEqual(
      new Map([['LQ-1', owner('P', 'H')]]),
    );
    // the corrected copy of the same id under another holder is valued
    expect(value(c, parcel('ZX-1', 'P', [{ certificate: 'LQ-1', holder: 'K' }]), 3)).toEqual(
      new Map([['LQ-1', owner('P', 'K')]]),
    );
  });
});

describe('certificates', () => {
  it('a parcel without certificates has nothing fresh; its certificates are named with their owner', () => {
    const c = new DuplicateChecks(undefined);
    expect(c.check(parcel('A', 'P'), ['p'])).toBeUndefined();
    expect(c.check(parcel('A', 'P', [{ holder: 'H' }, {}]), ['p'])).toBeUndefined();
    // package and holder, or (none) for either
    expect(
      c.check(
        parcel('A', 'P', [
          { certificate: 'LQ-1', holder: 'H' },
          { holder: 'H' },
          { certificate: 'LQ-2' },
          { certificate: 'LQ-1', holder: 'H' },
        ]),
        ['p'],
      ),
    ).toEqual(
      new Map([
        ['LQ-1', owner('P', 'H')],
        ['LQ-2', owner('P', null)],
      ]),
    );
    expect(c.check(parcel('B', null, [{ certificate: 'LQ-3', holder: 'H' }]), ['p'])).toEqual(
      new Map([['LQ-3', owner(null, 'H')]]),
    );
    expect(c.check(parcel('C', null, [{ certificate: 'LQ-4' }]), ['p'])).toEqual(
      new Map([['LQ-4', owner(null, null)]]),
    );
  });

  it('one certificate backs several parcels of one package and holder; those it backs are not fresh', () => {
    const c = new DuplicateChecks(undefined);
    expect(value(c, parcel('A', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 2)).toEqual(
      new Map([['LQ-1', owner('P', 'H')]]),
    );
    expect(value(c, parcel('B', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 3)).toBeUndefined();
    expect(
      value(
        c,
        parcel('C', 'P', [
          { certificate: 'LQ-1', holder: 'H' },
          { certificate: 'LQ-9', holder: 'H' },
        ]),
        4,
      ),
    ).toEqual(new Map([['LQ-9', owner('P', 'H')]]));
  });

  it('a certificate valued under another holder is refused at its right, naming where it was first (zh and en)', () => {
    const c = new DuplicateChecks(undefined);
    value(c, parcel('A', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 2);
    const dup = c.check(
      parcel('B', 'P', [
        { certificate: 'LQ-5', holder: 'K' },
        { certificate: 'LQ-1', holder: 'K' },
      ]),
      ['parcels', 3],
    ) as Issue;
    expect(dup).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      path: ['parcels', 3, 'rights', 1, 'certificate'],
      params: { certificate: 'LQ-1', first: 'A: package P, holder H', id: 'B' },
    });
    expect(dup.message.en).toBe(
      'Certificate "LQ-1" appears under another package or holder in this batch (first under "A: package P, holder H"); parcel "B" was not valued',
    );
    expect(dup.message.zh).toBe(
      '权证“LQ-1”在本批次中出现于不同资产包或权利人之下（首次见于“A：资产包 P，权利人 H”），地块“B”未估值',
    );
  });

  it('under another package, under no holder or no package after one, each is another owner', () => {
    const c = new DuplicateChecks(undefined);
    value(c, parcel('A', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 2);
    const first = (p: ParcelKeys) => (c.check(p, ['p']) as Issue).params;
    // the owner of no package with holder H is not P's holder H
    expect(first(parcel('B', null, [{ certificate: 'LQ-1', holder: 'H' }]))).toMatchObject({
      first: 'A: package P, holder H',
    });
    // nor is the owner of P without a holder
    expect(first(parcel('B', 'P', [{ certificate: 'LQ-1' }]))).toMatchObject({
      first: 'A: package P, holder H',
    });
    // nor is the owner of package Q with holder H
    expect(first(parcel('B', 'Q', [{ certificate: 'LQ-1', holder: 'H' }]))).toMatchObject({
      first: 'A: package P, holder H',
    });
    // and the other way round: valued without package or holder, then under P and H
    value(c, parcel('C', null, [{ certificate: 'LQ-2' }]), 3);
    expect(first(parcel('D', 'P', [{ certificate: 'LQ-2', holder: 'H' }]))).toMatchObject({
      first: 'C: package (none), holder (none)',
    });
    expect(value(c, parcel('E', null, [{ certificate: 'LQ-2' }]), 4)).toBeUndefined();
  });

  it('two holders of one package keep their own owner, asked in any order', () => {
    const c = new DuplicateChecks(undefined);
    value(c, parcel('A', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 2);
    value(c, parcel('B', 'P', [{ certificate: 'LQ-2', holder: 'K' }]), 3);
    value(c, parcel('C', 'P', [{ certificate: 'LQ-3' }]), 4);
    expect(value(c, parcel('D', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 5)).toBeUndefined();
    expect(value(c, parcel('E', 'P', [{ certificate: 'LQ-2', holder: 'K' }]), 6)).toBeUndefined();
    expect(value(c, parcel('F', 'P', [{ certificate: 'LQ-3' }]), 7)).toBeUndefined();
    expect(
      (c.check(parcel('G', 'P', [{ certificate: 'LQ-1', holder: 'K' }]), ['p']) as Issue).params,
    ).toMatchObject({ first: 'A: package P, holder H' });
  });

  it('a certificate given twice in one parcel under two holders is refused at the second right', () => {
    const c = new DuplicateChecks(undefined);
    const dup = c.check(
      parcel('A', 'P', [
        { certificate: 'LQ-1', holder: 'H' },
        { certificate: 'LQ-2', holder: 'H' },
        { certificate: 'LQ-1', holder: 'K' },
      ]),
      ['parcels', 9],
    );
    expect(dup).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      path: ['parcels', 9, 'rights', 2, 'certificate'],
      params: { certificate: 'LQ-1', first: 'A: package P, holder H', id: 'A' },
    });
  });

  it('certificates and holders are compared by the id rule (trim, NFKC; case kept), as CSV cells are trimmed', () => {
    const c = new DuplicateChecks(undefined);
    expect(value(c, parcel('B1', null, [{ certificate: 'CERT-1', holder: 'H1' }]), 1)).toEqual(
      new Map([['CERT-1', owner(null, 'H1')]]),
    );
    // "H1 " is H1: the same owner, accepted (nothing fresh: CERT-1 is known)
    expect(value(c, parcel('B2', null, [{ certificate: 'CERT-1', holder: 'H1 ' }]), 2)).toBeUndefined();
    // "CERT-1 " is CERT-1, under another holder: refused, naming the certificate as read
    expect(value(c, parcel('B3', null, [{ certificate: 'CERT-1 ', holder: 'H2' }]), 3)).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      path: ['parcels', 3, 'rights', 0, 'certificate'],
      params: { certificate: 'CERT-1', first: 'B1: package (none), holder H1', id: 'B3' },
    });
    // full-width letters and digits (U+FF23… U+FF11) and a full-width space (U+3000) read as plain
    expect(
      value(c, parcel('B4', null, [{ certificate: 'ＣＥＲＴ－１', holder: '\u3000Ｈ1' }]), 4),
    ).toBeUndefined();
    // case is kept: cert-1 is another certificate, claimed as read
    expect(value(c, parcel('B5', null, [{ certificate: ' cert-1', holder: 'H2' }]), 5)).toEqual(
      new Map([['cert-1', owner(null, 'H2')]]),
    );
    // a holder of white space only is none, as a blank CSV cell is; so is such a certificate (not checked)
    expect(value(c, parcel('B6', 'P', [{ certificate: 'CERT-2', holder: '  ' }]), 6)).toEqual(
      new Map([['CERT-2', owner('P', null)]]),
    );
    expect(value(c, parcel('B7', 'P', [{ certificate: 'CERT-2' }]), 7)).toBeUndefined();
    expect(value(c, parcel('B8', 'Q', [{ certificate: ' \t', holder: 'H9' }]), 8)).toBeUndefined();
    // two rights of one parcel, written apart, are one certificate under two holders
    expect(
      c.check(
        parcel('B9', 'P', [
          { certificate: 'CERT-3', holder: 'H' },
          { certificate: 'CERT-3\u3000', holder: 'K' },
        ]),
        ['p'],
      ),
    ).toMatchObject({ path: ['p', 'rights', 1, 'certificate'], params: { certificate: 'CERT-3' } });
  });

  it('owners are compared as (package, holder) pairs: none is not "(none)", and no text stands for a pair', () => {
    const c = new DuplicateChecks(undefined);
    // P1 without a package; P2 under a package named "(none)", the same holder: another owner
    value(c, parcel('P1', null, [{ certificate: 'CERT-9', holder: 'H' }]), 2);
    const p2 = value(c, parcel('P2', '(none)', [{ certificate: 'CERT-9', holder: 'H' }]), 3) as Issue;
    expect(p2).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      params: { certificate: 'CERT-9', first: 'P1: package (none), holder H', id: 'P2' },
    });
    // and the other way round: under a package "(none)" first, then none
    value(c, parcel('Q1', '(none)', [{ certificate: 'CERT-8', holder: 'H' }]), 4);
    expect(value(c, parcel('Q2', null, [{ certificate: 'CERT-8', holder: 'H' }]), 5)).toMatchObject({
      params: { first: 'Q1: package "(none)", holder H' },
    });
    // a holder named "(none)" is not no holder
    value(c, parcel('R1', 'A', [{ certificate: 'CERT-6' }]), 6);
    expect(value(c, parcel('R2', 'A', [{ certificate: 'CERT-6', holder: '(none)' }]), 7)).toMatchObject({
      params: { first: 'R1: package A, holder (none)' },
    });
    // package "A, holder X" without a holder, then package A with holder "X, holder (none)": their texts as
    // "package …, holder …" were the same; the refusal quotes each text that holds a comma
    value(c, parcel('P4', 'A, holder X', [{ certificate: 'CERT-7' }]), 8);
    const p5 = value(
      c,
      parcel('P5', 'A', [{ certificate: 'CERT-7', holder: 'X, holder (none)' }]),
      9,
    ) as Issue;
    expect(p5.params).toEqual({
      certificate: 'CERT-7',
      first: 'P4: package "A, holder X", holder (none)',
      id: 'P5',
    });
    expect(p5.message.en).toBe(
      'Certificate "CERT-7" appears under another package or holder in this batch (first under "P4: package "A, holder X", holder (none)"); parcel "P5" was not valued',
    );
    expect(p5.message.zh).toBe(
      '权证“CERT-7”在本批次中出现于不同资产包或权利人之下（首次见于“P4：资产包 "A, holder X"，权利人 无”），地块“P5”未估值',
    );
    // the same pair is one owner, however it was built (kept or not)
    expect(value(c, parcel('P6', 'A, holder X', [{ certificate: 'CERT-7' }]), 10)).toBeUndefined();
    expect(value(c, parcel('P7', '(none)', [{ certificate: 'CERT-9', holder: 'H' }]), 11)).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
    });
    expect(value(c, parcel('P8', null, [{ certificate: 'CERT-9', holder: 'H' }]), 12)).toBeUndefined();
  });

  it('sameOwner compares both fields; ownerText names none as (none) and quotes a text that could read otherwise', () => {
    expect(sameOwner(owner('P', 'H'), { package: 'P', holder: 'H' })).toBe(true);
    expect(sameOwner(owner(null, null), owner(null, null))).toBe(true);
    expect(sameOwner(owner(null, 'H'), owner('(none)', 'H'))).toBe(false);
    expect(sameOwner(owner('P', null), owner('P', '(none)'))).toBe(false);
    expect(sameOwner(owner('P', 'H'), owner('P', 'K'))).toBe(false);
    expect(sameOwner(owner('P', 'H'), owner('Q', 'H'))).toBe(false);
    expect(ownerText(owner('P', 'H'))).toBe('package P, holder H');
    expect(ownerText(owner(null, null))).toBe('package (none), holder (none)');
    expect(ownerText(owner('(none)', '(none)'))).toBe('package "(none)", holder "(none)"');
    expect(ownerText(owner('A, holder X', null))).toBe('package "A, holder X", holder (none)');
    expect(ownerText(owner('A', 'X, holder (none)'))).toBe('package A, holder "X, holder (none)"');
    expect(ownerText(owner('甲"乙', '赣(2024)'))).toBe('package "甲\\"乙", holder 赣(2024)');
  });

  it('ids and certificates of 13 characters and more are kept as they are', () => {
    const c = new DuplicateChecks(undefined);
    const id = 'ZX-0000000000001'; // 16 characters
    const cert = 'LQ-2024-000000001'; // 17 characters
    const holder = 'Forest Holder Co.'; // 17 characters
    const pkg = 'PACKAGE-2024-EAST'; // 17 characters
    expect(value(c, parcel(id, pkg, [{ certificate: cert, holder }]), 2)).toEqual(
      new Map([[cert, owner(pkg, holder)]]),
    );
    expect(c.check(parcel(id, null), ['p'])).toMatchObject({ params: { id, first: 2 } });
    expect(c.check(parcel('B', pkg, [{ certificate: cert, holder: 'X' }]), ['p'])).toMatchObject({
      params: { certificate: cert, first: `${id}: package ${pkg}, holder ${holder}`, id: 'B' },
    });
  });
});

describe('the move to the disk index', () => {
  it('without a disk index every key stays in memory, past any bound', () => {
    const c = new DuplicateChecks(undefined, 1);
    for (let i = 0; i < 5; i++) value(c, parcel(`P${i}`, 'P', [{ certificate: `C${i}`, holder: 'H' }]), i);
    expect(c.check(parcel('P3', 'P'), ['p'])).toMatchObject({ params: { first: 3 } });
    expect(c.check(parcel('Q', 'P', [{ certificate: 'C4', holder: 'K' }]), ['p'])).toMatchObject({
      params: { first: 'P4: package P, holder H' },
    });
    c.close(); // nothing to release
  });

  it('past memoryKeys keys (ids and certificates) all of them move to the index, opened once', () => {
    const idx = fakeIndex();
    const c = new DuplicateChecks(idx.open, 3);
    // keys: id A, certificate LQ-1 (2), then id B (3): at the bound, still in memory
    value(c, parcel('A', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 2);
    value(c, parcel('B', 'P', [{ certificate: 'LQ-1', holder: 'H' }]), 3);
    expect(idx.opened).toHaveLength(0);
    // id C is the 4th key: the index opens and takes the 3 earlier keys and C
    value(c, parcel('C', 'P'), 4);
    expect(idx.opened).toHaveLength(1);
    const index = idx.opened[0]!;
    expect([...(index.ids as Map<string, number>)]).toEqual([
      ['A', 2],
      ['B', 3],
      ['C', 4],
    ]);
    expect([...(index.certificates as Map<string, CertificateSeen>)]).toEqual([
      ['LQ-1', { owner: owner('P', 'H'), id: 'A' }],
    ]);
    // later keys go to the index, which is not opened again
    value(c, parcel('D', 'Q', [{ certificate: 'LQ-2', holder: 'K' }]), 5);
    expect(idx.opened).toHaveLength(1);
    expect(index.ids.get('D')).toBe(5);
    expect(index.certificates.get('LQ-2')).toEqual({ owner: owner('Q', 'K'), id: 'D' });
    // and the checks read it
    expect(c.check(parcel('A', 'P'), ['p'])).toMatchObject({
      code: 'VEP_PARCEL_DUPLICATE',
      params: { first: 2 },
    });
    expect(c.check(parcel('E', 'P', [{ certificate: 'LQ-2', holder: 'H' }]), ['p'])).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      params: { first: 'D: package Q, holder K' },
    });
    // close releases the index once
    c.close();
    c.close();
    expect(idx.closed).toEqual([0]);
  });

  it('an index that copies its keys is handed the same keys', () => {
    const idx = fakeIndex(true);
    const c = new DuplicateChecks(idx.open, 1);
    const long = 'LQ-2024-000000001';
    value(c, parcel('ZX-0000000000001', 'P', [{ certificate: long, holder: 'H' }]), 2);
    value(c, parcel('ZX-0000000000002', 'P', [{ certificate: 'LQ-2024-000000002', holder: 'H' }]), 3);
    const index = idx.opened[0]!;
    expect([...(index.ids as Map<string, number>).keys()]).toEqual(['ZX-0000000000001', 'ZX-0000000000002']);
    expect(index.certificates.get('LQ-2024-000000002')).toEqual({
      owner: owner('P', 'H'),
      id: 'ZX-0000000000002',
    });
  });

  it('with no keys moved, close releases nothing; the default bound is 100 000 keys', () => {
    const idx = fakeIndex();
    const c = new DuplicateChecks(idx.open);
    value(c, parcel('A', 'P'), 2);
    c.close();
    expect(idx.opened).toHaveLength(0);
    expect(idx.closed).toEqual([]);
    expect(MEMORY_KEYS).toBe(100_000);
  });
});
