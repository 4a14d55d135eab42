import { Decimal } from '../../core/decimal';

/**
 * CCER-14-001-V01 (2023, afforestation) eligibility. Each criterion returns a reason, passed or not, so a
 * platform can show a user why a parcel is refused; `eligible` is true only when every criterion passes.
 * Thresholds as in the methods digest §2: not forest ≥ 3 years before the start; clear tenure; each parcel
 * ≥ 400 m² contiguous (≥ 667 m² for projects started in or before 2019); not wetland; no removal of existing
 * trees; removal of existing shrubs ≤ 20 % of the area.
 */
export interface AfforestationSite {
  readonly startYear: number;
  /** Years the land had not been forest before the project start. */
  readonly yearsNotForestBeforeStart: number;
  readonly tenureClear: boolean;
  readonly wetland: boolean;
  readonly removesExistingTrees: boolean;
  /** Share of the area on which existing shrubs are removed (0–1). */
  readonly shrubRemovalShare: Decimal;
  /** Contiguous parcels with their areas in m². */
  readonly parcels: readonly { id: string; areaM2: Decimal }[];
}

export interface Reason {
  readonly criterion: string;
  readonly passed: boolean;
  readonly zh: string;
  readonly en: string;
}

export const CCER_14_001 = {
  id: 'ccer-14-001-v01',
  minYearsNotForest: 3,
  minParcelM2: new Decimal(400),
  minParcelM2UpTo2019: new Decimal(667),
  maxShrubRemovalShare: new Decimal('0.2'),
} as const;

export function afforestationEligibility(s: AfforestationSite): { eligible: boolean; reasons: Reason[] } {
  const c = CCER_14_001;
  const r = (criterion: string, passed: boolean, zh: string, en: string): Reason => ({
    criterion,
    passed,
    zh,
    en,
  });
  const minParcel = s.startYear <= 2019 ? c.minParcelM2UpTo2019 : c.minParcelM2;
  const reasons: Reason[] = [
    r(
      'not-forest-3-years',
      s.yearsNotForestBeforeStart >= c.minYearsNotForest,
      `项目开始前非林地 ${s.yearsNotForestBeforeStart} 年（要求 ≥ ${c.minYearsNotForest} 年）`,
      `Land not forest for ${s.yearsNotForestBeforeStart} years before the start (≥ ${c.minYearsNotForest} required)`,
    ),
    r(
      'tenure-clear',
      s.tenureClear,
      s.tenureClear ? '权属清晰' : '权属不清',
      s.tenureClear ? 'Tenure is clear' : 'Tenure is not clear',
    ),
    r(
      'not-wetland',
      !s.wetland,
      s.wetland ? '属于湿地' : '不属于湿地',
      s.wetland ? 'The land is wetland' : 'Not wetland',
    ),
    r(
      'no-tree-removal',
      !s.removesExistingTrees,
      s.removesExistingTrees ? '清除现有林木' : '不清除现有林木',
      s.removesExistingTrees ? 'Existing trees are removed' : 'No existing trees removed',
    ),
    r(
      'shrub-removal-max-20pct',
      s.shrubRemovalShare.lessThanOrEqualTo(c.maxShrubRemovalShare),
      `清除现有灌木面积比例 ${s.shrubRemovalShare.toFixed()}（要求 ≤ 0.2）`,
      `Existing shrubs removed on ${s.shrubRemovalShare.toFixed()} of the area (≤ 0.2 required)`,
    ),
    ...s.parcels.map((p) =>
      r(
        `parcel-min-area:${p.id}`,
        p.areaM2.greaterThanOrEqualTo(minParcel),
        `地块 ${p.id} 连续面积 ${p.areaM2.toFixed()} m²（要求 ≥ ${minParcel.toFixed()} m²，开始年份 ${s.startYear}）`,
        `Parcel ${p.id}: contiguous area ${p.areaM2.toFixed()} m² (≥ ${minParcel.toFixed()} m² required for a start in ${s.startYear})`,
      ),
    ),
  ];
  if (s.parcels.length === 0) reasons.push(r('parcels-present', false, '未给出地块', 'No parcel given'));
  return { eligible: reasons.every((x) => x.passed), reasons };
}
