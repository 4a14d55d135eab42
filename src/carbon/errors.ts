/**
 * Error codes of the carbon-inclusion module (gepkit/carbon): this module's own catalogue, in the form core/catalogue.ts describes; src/errors.ts
 * composes it with the others for the CLI and docs/errors.md.
 */
import {
  type CatalogueEntry,
  type DetailPattern,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
} from '../core/catalogue';
import { invalidDetailZh, jsonDetailZh } from '../core/errors';
import type { Issue, Path } from '../core/issue';
import { nameReasonZh } from '../custom/errors';

/** The `unit` of LEDGER_DOUBLE_CREDIT when a ref was credited before in whatever unit (an activity id seen). */
export const ANY_UNIT = 'any unit';

const FIXED_ZH: Readonly<Record<string, string>> = {
  'a reduction rule converts through the conversion; per must be 1': '减排量规则经换算计分，per 必须为 1',
  'the unit of the measure': '应为该计量的单位',
  'an event rule pays per 1 event': '事件规则按每 1 次事件计分（per 必须为 1）',
  'not an object': '不是对象',
  'ref is required': '缺少 ref',
  'transfer to the same account': '转出与转入为同一账户',
  'leg, pair and lots are written by the ledger (appendPair), not given':
    'leg、pair 和 lots 由账本写入（appendPair），不能在草稿中给出',
  'a leg in a ledger of one partition': '单分区账本中出现了跨分区分录',
  'only an issue has a window or expiry': '只有 issue 条目可以有领取期或到期时间',
  'a claim window needs availableFrom and claimBy': '领取期需要同时给出 availableFrom 和 claimBy',
  'claimBy must come after availableFrom': 'claimBy 必须晚于 availableFrom',
  'meta values must be strings': 'meta 的值必须是字符串',
  'meta must be an object of string members': 'meta 必须是成员均为字符串的对象',
  'no pending issue to claim': '没有可领取的待领发放',
  'no pending points under this ref; claim the ref the points were issued under: the activity’s behaviour id when it gave one, else its id':
    '此引用下没有待领积分；请按积分发放时的引用领取：活动给出 behaviour 时为其行为编号，否则为活动编号',
  'the points issued under this ref are no longer pending: claimed already, or expired at the end of their claim window (or issued without one)':
    '此引用下发放的积分已不在待领状态：已被领取，或已在领取期结束时过期（或发放时没有领取期）',
  'neither a pending issue nor lot:<expiresAt>': '既不是待领发放，也不是 lot:<expiresAt>',
  'prev is not the previous hash': 'prev 不是前一条条目的哈希',
  'no count': '缺少 count',
  'no head': '缺少 head',
  'must be > 0': '必须大于 0',
  'a cap limits points or events': '上限须限制积分或次数（给出 points 或 events）',
  'a cap limits daily or monthly grams': '上限须限制每日或每月克数（给出 daily 或 monthly）',
  'a share in (0, 1]': '应为 (0, 1] 之间的份额',
  // The schemas' own forms (activity.ts, rules/schema.ts, factors/schema.ts).
  'an ISO 8601 time with offset, e.g. 2024-05-01T08:00:00+08:00':
    '应为带时区偏移的 ISO 8601 时间，如 2024-05-01T08:00:00+08:00',
  'the detour coefficient is ≥ 1': '绕行系数应不小于 1',
  'a UTC offset ±hh:mm from -14:00 to +14:00': '应为 -14:00 至 +14:00 之间的 UTC 偏移（±hh:mm）',
  'the window ends before it begins': '有效期的结束日期早于开始日期',
  'lower-case dotted key such as grid.national.average': '应为小写、以点分隔的键，如 grid.national.average',
  'a record applies to a region or a grid, not both': '一条记录只适用于地区或电网之一，不能同时给出两者',
  // A stored ledger's state and signed checkpoints (cap-check.ts, verify-store.ts).
  'its entries credit activities; no user record is stored': '其条目记入了活动，但存储中没有其用户记录',
  'its partition counts do not add up to its count': '其各分区的条数之和不等于其总条数',
  'its root is not the hash of its partition heads': '其根哈希不是由其各分区末端算出的哈希',
  'the signature does not verify with the public key': '签名无法用其公钥验证',
};

/**
 * The quantities of an activity (activity.ts) and the measures a plausibility bound limits (methodologies/bounds.ts
 * MEASURES), named in Chinese; any other is kept.
 */
const QUANTITIES_ZH: Readonly<Record<string, string>> = {
  distance: '距离',
  duration: '时长',
  speed: '速度',
  steps: '步数',
  count: '次数',
  'household size': '家庭人数',
  passengers: '乘客人数',
  rides: '乘车次数',
  use: '用量',
  baseline: '基准用电量',
  capacity: '装机容量',
};
const quantityZh = (q: string) => (Object.hasOwn(QUANTITIES_ZH, q) ? (QUANTITIES_ZH[q] as string) : q);
/** The counts an activity states, which must be whole numbers. */
const COUNTS = ['steps', 'count', 'household size', 'passengers', 'rides'].join('|');

/** A daily or monthly period of the cap checks (cap-check.ts), in Chinese. */
const periodZh = (kind: string) => (kind === 'daily' ? '每日' : '每月');
const thatPeriodZh = (kind: string) => (kind === 'daily' ? '该日' : '该月');
/** A stored point counter (`daily counter of group g on 2024-05-12`) and a reduction counter, in Chinese. */
const pointCounterZh = (m: RegExpExecArray) => `组 ${m[2]} 在 ${m[3]} 的${periodZh(m[1] as string)}积分计数`;
const gramCounterZh = (m: RegExpExecArray) => `${periodZh(m[1] as string)}减排计数`;

/** The records a store keeps, as verify-store.ts and reexecute.ts name them, in Chinese. */
const RECORDS_ZH: Readonly<Record<string, string>> = {
  'user records': '用户记录',
  remainders: '结转余量',
  holdings: '持有记录',
  'pending claims': '待领记录',
  'registry states': '登记状态',
  refs: '已入账的 ref',
};
const RECORDS = Object.keys(RECORDS_ZH).join('|');
/** A name followed by Chinese text: a space after it when it ends in a Latin letter (已入账的 ref 与…). */
const spaced = (name: string): string => (/[A-Za-z]$/.test(name) ? `${name} ` : name);

/**
 * The keys of the records that differ (verify-store.ts namedKeys), in Chinese: the marks gepkit adds to a key
 * ("(not stored)", "(stored only)", a user record's "(partition N)", a registry state's "partition N", "and N more");
 * the keys themselves (users, accounts, units) as written, the list as joined.
 */
function keysZh(what: string, keys: string): string {
  const end = String.raw`(?=$|, |（| and \d+ more$)`;
  let s = keys
    .replace(new RegExp(String.raw` \(not stored\)${end}`, 'g'), '（未存储）')
    .replace(new RegExp(String.raw` \(stored only\)${end}`, 'g'), '（仅存储中有）');
  if (what === 'user records')
    s = s.replace(new RegExp(String.raw` \(partition (\d+)\)${end}`, 'g'), '（分区 $1）');
  if (what === 'registry states')
    s = s.replace(new RegExp(String.raw`(^|, )partition (\d+)${end}`, 'g'), '$1分区 $2');
  if (what === 'refs')
    s = s.replace(
      new RegExp(String.raw` \(stored mask (\d+), entries (\d+)\)${end}`, 'g'),
      '（存储的单位掩码为 $1，条目给出 $2）',
    );
  return s.replace(/ and (\d+) more$/, '，另有 $1 项');
}

/** "of partition p" after an entry's seq, or nothing for a ledger of one chain (partition ''). */
const partitionOfEn = (p: unknown): string => (p === '' ? '' : ` of partition ${String(p)}`);
const partitionOfZh = (p: unknown): string => (p === '' ? '' : `分区 ${String(p)} 的`);

/** A store's format and version as checkStoreFormat writes them ("?" when the store names none), in Chinese. */
const storedZh = (format: string, version: string) =>
  `${format === '?' ? '格式未标明' : `格式为 ${format}`}、${version === '?' ? '版本未标明' : `版本为 ${version}`}`;

/** The reasons `missing` gives beside a scenario's missing field, in Chinese. */
const NEEDS_WHY_ZH: readonly DetailPattern[] = [
  [/^\(or steps with stepLength\)$/, () => '（或给出 steps 与 stepLength）'],
  [
    /^\(the 7 previous days, needed when the use is at or above the baseline N × b_pc: (\S+) kWh ≥ (\S+) kWh, as computed\)$/,
    (m) =>
      `（前 7 天的用量，用量不低于基准用电量 N × b_pc 时需要：按计算所用的值为 ${m[1]} kWh ≥ ${m[2]} kWh）`,
  ],
  [/^\(factor (.+) is per (.+)\)$/, (m) => `（因子 ${m[1]} 按 ${m[2]} 计）`],
  [/^\(input (.+) of (.+)\)$/, (m) => `（${m[2]} 的输入 ${m[1]}）`],
];

/** A reason in Chinese, or as written when it is not one of NEEDS_WHY_ZH's. */
const whyZh = detailZhOf({}, NEEDS_WHY_ZH, (why) => why);

/** A factor's effective window as registry.ts writes it, in Chinese. */
const windowZh = (w: string) =>
  w === 'always'
    ? '始终有效'
    : w.replace(
        /^(\S+) to (\S+)$/,
        (_, a: string, b: string) => `${a === 'open' ? '不限' : a} 至 ${b === 'open' ? '不限' : b}`,
      );

const PATTERNS_ZH: readonly DetailPattern[] = [
  [
    /^scenario (\S+) needs "(.+?)"(?: (\(.*\)))?$/s,
    (m) => {
      const why = m[3] === undefined ? '' : whyZh(m[3]);
      return `场景 ${m[1]} 需要“${m[2]}”${why}`;
    },
  ],
  [
    /^rule (\S+) converts the reduction, which was not computed$/,
    (m) => `规则 ${m[1]} 换算减排量，但减排量未计算`,
  ],
  [/^rule (\S+) needs the activity's (\S+)$/, (m) => `规则 ${m[1]} 需要活动的 ${m[2]}`],
  [
    /^rule (\S+) pays on (\S+), and the activity has no (\S+)$/,
    (m) => `规则 ${m[1]} 按 ${m[2]} 计分，活动缺少 ${m[3]}`,
  ],
  [/^duplicate rule id (.+)$/s, (m) => `规则编号 ${m[1]} 重复`],
  [/^duplicate redemption id (.+)$/s, (m) => `兑换项编号 ${m[1]} 重复`],
  [
    /^two rules for scenario (\S+), evidence (.+)$/,
    (m) => `场景 ${m[1]}、证据路径 ${m[2] === '(any)' ? '（任意）' : m[2]} 有两条规则`,
  ],
  [
    /^conversions (\S+) and (\S+) overlap \((.+) and (.+), both end days in force\)$/,
    (m) =>
      `换算 ${m[1]} 与 ${m[2]} 的有效期重叠（${windowZh(m[3] as string)} 与 ${windowZh(m[4] as string)}，首尾两日均在有效期内）`,
  ],
  [/^"(.*)" names both an input and a factor$/s, (m) => `“${m[1]}”同时是输入名和因子名`],
  [
    /^bound scenario "(.*)" is not one of the methodology's scenarios \((.*)\)$/s,
    (m) => `上限的场景“${m[1]}”不是该方法学的场景（${m[2]}）之一`,
  ],
  [
    /^a (distance|speed) bound \(km\) cannot measure the pkm of a passengerDistance input without "passengers"$/,
    (m) =>
      `未给出 "passengers" 时，${m[1] === 'distance' ? '距离' : '速度'}上限（km）无法度量 passengerDistance 输入的 pkm`,
  ],
  [/^t2 \((.+)\) must be after t1 \((.+)\)$/, (m) => `t2（${m[1]}）必须晚于 t1（${m[2]}）`],
  [
    /^factor (\S+) for (.+) has overlapping effective windows \((.+) and (.+)\)$/,
    (m) =>
      `因子 ${m[1]}（${factorScopeZh(m[2] as string).trim()}）的有效期重叠（${windowZh(m[3] as string)} 与 ${windowZh(m[4] as string)}）`,
  ],
  [
    /^factor (\S+)'s effective window \((.+)\) is not inside its set's \((.+)\)$/,
    (m) =>
      `因子 ${m[1]} 的有效期（${windowZh(m[2] as string)}）不在其因子集的有效期（${windowZh(m[3] as string)}）之内`,
  ],
  [/^a CO₂ mass per activity unit: (.+)$/, (m) => `应为每活动单位的 CO₂ 质量：${m[1]}`],
  [/^a positive integer, got (.*)$/s, (m) => `应为正整数，实际为 ${m[1]}`],
  // A ledger entry's shape (ledger/ledger.ts), its partition and serial numbers, a batch's records.
  [
    /^(\S+) is not an ISO 8601 time with its offset \(Z or ±hh:mm\): (.*)$/s,
    (m) => `${m[1]} 不是带时区偏移（Z 或 ±hh:mm）的 ISO 8601 时间：${m[2]}`,
  ],
  // An activity's or a claim's time (time.ts, instantProblem).
  [
    /^an ISO 8601 time with offset, e\.g\. 2024-05-01T08:00:00\+08:00: (.*) has no offset \(Z or ±hh:mm\)$/s,
    (m) =>
      `应为带时区偏移的 ISO 8601 时间，如 2024-05-01T08:00:00+08:00：${m[1]} 没有时区偏移（Z 或 ±hh:mm）`,
  ],
  [/^no such date: (\S+) \(months 01–12\)$/, (m) => `日期不存在：${m[1]}（月份为 01–12）`],
  [
    /^no such date: (\S+) \((\d+)-(\d+) has (\d+) days\)$/,
    (m) => `日期不存在：${m[1]}（${m[2]} 年 ${Number(m[3])} 月有 ${m[4]} 天）`,
  ],
  [
    /^no such time of day: (\S+) \(hours 00–23, minutes and seconds 00–59\)$/,
    (m) => `时刻不存在：${m[1]}（时 00–23，分、秒 00–59）`,
  ],
  [
    /^no such UTC offset: (\S+) \(hours 00–23, minutes 00–59\)$/,
    (m) => `UTC 偏移不存在：${m[1]}（时 00–23，分 00–59）`,
  ],
  [/^type must be one of (.+)$/, (m) => `type 必须是以下之一：${m[1]}`],
  // The legs of a record crossing partitions (ledger/ledger.ts, ledger/state.ts, ledger/partitioned.ts).
  [
    /^only a transfer or an aggregate is booked as two legs, not a (.*)$/s,
    (m) => `只有 transfer 或 aggregate 可按两条分录跨分区记账，${m[1]} 不行`,
  ],
  [/^a (\S+) is never a leg$/, (m) => `${m[1]} 条目不能是跨分区分录`],
  [/^leg must be debit or credit, got (.*)$/s, (m) => `leg 必须是 debit 或 credit，实际为 ${m[1]}`],
  [
    /^a leg's pair is "<partition>:<seq>", got (.*)$/s,
    (m) => `分录的 pair 应为“<分区>:<序号>”，实际为 ${m[1]}`,
  ],
  [
    /^a leg's lots are "<amount>@<expiresAt\|never>" joined by commas, got (.*)$/s,
    (m) => `分录的 lots 应为以逗号连接的“<数量>@<到期时间|never>”，实际为 ${m[1]}`,
  ],
  [
    /^a credit leg's lots are usable lots in ascending expiry, got (.*)$/s,
    (m) => `贷方分录的 lots 应为按到期时间升序、在记账时仍可用的批次，实际为 ${m[1]}`,
  ],
  [
    /^a credit leg's lots add up to (\S+), its amount is (\S+)$/,
    (m) => `贷方分录的 lots 合计 ${m[1]}，而其数量为 ${m[2]}`,
  ],
  [
    /^the debit leg takes the lots (\S+), it states (.*)$/s,
    (m) => `借方分录实际取用的批次为 ${m[1]}，而它写的是 ${m[2]}`,
  ],
  [
    /^the leg's pair names partition (\S+) in a ledger of (\d+) partitions$/,
    (m) => `分录的 pair 指向分区 ${m[1]}，而账本有 ${m[2]} 个分区（且不能指向自身分区）`,
  ],
  [
    /^(\S+) takes unit (.+), not (.*)$/s,
    (m) => `${m[1]} 的单位应为 ${(m[2] as string).split(' or ').join(' 或 ')}，而不是 ${m[3]}`,
  ],
  [
    /^(amount|partition|meta\.quantity) must be a (positive|non-negative) integer, got (.*)$/s,
    (m) => `${m[1]} 必须是${m[2] === 'positive' ? '正' : '非负'}整数，实际为 ${m[3]}`,
  ],
  [/^(\S+) needs "(from|to)"$/, (m) => `${m[1]} 需要“${m[2]}”`],
  [/^(\S+) takes no "(from|to)"$/, (m) => `${m[1]} 不接受“${m[2]}”`],
  [/^unknown member\(s\) (.+)$/s, (m) => `未知的成员：${m[1]}`],
  [
    /^partition (\S+) in a ledger of (\d+) partitions?$/,
    (m) =>
      m[1] === 'undefined'
        ? `条目未标明分区，不适用于共 ${m[2]} 个分区的账本`
        : `条目的分区 ${m[1]} 不适用于共 ${m[2]} 个分区的账本`,
  ],
  [
    /^serial (\d+) is beyond the partition's last serial number (\d+)$/,
    (m) => `序列号 ${m[1]} 超出本分区的最后一个序列号 ${m[2]}`,
  ],
  [
    /^a record is one of (.+) \(claims and expiries are written by the ledger\)$/,
    (m) => `登记记录应为以下之一：${m[1]}（claim 与 expire 条目由账本写入）`,
  ],
  // A reference a claim or an expiry names (ledger/state.ts, batch.ts).
  [/^claim must be (\d+) (\S+) to (.+)$/s, (m) => `领取应为向 ${m[3]} 发放的 ${m[1]} ${m[2]}`],
  [/^expiry must be (\d+) (\S+) of (.+)$/s, (m) => `过期应为 ${m[3]} 的 ${m[1]} ${m[2]}`],
  [/^no lot of (.+) expiring then$/s, (m) => `${m[1]} 没有在该时间到期的批次`],
  [/^the lot holds (\d+)$/, (m) => `该批次为 ${m[1]}`],
  [/^the pending points belong to (.+), not (.+)$/s, (m) => `待领积分属于 ${m[1]}，而不是 ${m[2]}`],
  // The chain and its head (ledger/verify.ts, ledger/partitioned.ts, verify-store.ts, the service's verification).
  [/^seq is (.+), expected (\d+)$/, (m) => `seq 为 ${m[1]}，应为 ${m[2]}`],
  // The service's form (the head at the anchor's count) before the plain one, whose head would take " at N".
  [
    /^anchor (\d+) entries \/ (.*), ledger (\d+) entries \/ (.*) at (\d+)$/s,
    (m) =>
      `锚定值 ${m[1]} 条 / ${m[2]}，账本 ${m[3]} 条，第 ${m[5]} 条处${m[4] === 'fewer entries' ? '条目不足' : `为 ${m[4]}`}`,
  ],
  [
    /^anchor (\d+) entries \/ (.*), ledger (\d+) entries \/ (.*)$/s,
    (m) => `锚定值 ${m[1]} 条 / ${m[2]}，账本 ${m[3]} 条 / ${m[4]}`,
  ],
  [
    /^partition (\d+): the store's head is (\d+) entries \/ (\S*), its entries end at (\d+) \/ (\S*)$/,
    (m) => `分区 ${m[1]}：存储的末端为 ${m[2]} 条 / ${m[3]}，其条目止于 ${m[4]} 条 / ${m[5]}`,
  ],
  // An anchor file (the CLI's verify --anchor).
  [/^no object (.+)$/s, (m) => `没有对象 ${m[1]}`],
  [/^count (.+) is not an entry count$/s, (m) => `count ${m[1]} 不是条目数`],
  [/^head (.+) is not a hash$/s, (m) => `head ${m[1]} 不是哈希值`],
  // A registry record's meta (ledger/registry.ts).
  [/^meta\.(\S+) is required$/, (m) => `缺少 meta.${m[1]}`],
  [
    /^meta\.period must be a year \(YYYY\), got (.*)$/s,
    (m) => `meta.period 必须是年份（YYYY），实际为 ${m[1]}`,
  ],
  [
    /^meta\.vintage must be a year \(YYYY\) from (\d+), not after the certification, got (.*)$/s,
    (m) => `meta.vintage 必须是 ${m[1]} 年及以后、不晚于核证时间的年份（YYYY），实际为 ${m[2]}`,
  ],
  [
    /^meta\.methodology must be id@version, got (.*)$/s,
    (m) => `meta.methodology 必须是 id@version 的形式，实际为 ${m[1]}`,
  ],
  [
    /^meta\.factorSets lists factor-set hashes \(sha256:<64 hex>\), got (.*)$/s,
    (m) => `meta.factorSets 应列出因子集哈希（sha256:<64 位十六进制>），实际含有 ${m[1]}`,
  ],
  // An activity's counts (activity.ts) and a methodology's input names (methodologies/from-data.ts).
  [new RegExp(`^(${COUNTS}) must be a whole number$`), (m) => `${quantityZh(m[1] as string)}必须是整数`],
  [new RegExp(`^(${COUNTS}) must be at least 1$`), (m) => `${quantityZh(m[1] as string)}必须至少为 1`],
  [
    /^"(.*)" cannot name a formula input: (.+)$/s,
    (m) => `“${m[1]}”不能作为公式的输入名：${nameReasonZh(m[2] as string)}`,
  ],
  // A stored user record and remainder against the entries (cap-check.ts, LEDGER_USER_STATE_INVALID).
  [
    /^the carried remainder (.*) µg is not an integer from 1 to 999999$/s,
    (m) => `结转余量 ${m[1]} µg 不是 1 至 999999 之间的整数`,
  ],
  [
    /^the stored latest activity time (.*) is before its latest entry's, (\S+)$/s,
    (m) =>
      m[1] === '(none)'
        ? `存储中没有最近活动时间，而其最近条目的活动时间为 ${m[2]}`
        : `存储的最近活动时间 ${m[1]} 早于其最近条目的活动时间 ${m[2]}`,
  ],
  [/^the stored since (.*) is not a time$/s, (m) => `存储的 since ${m[1]} 不是时间`],
  [
    /^the stored since (.*) is after (\S+), the start of the first day the narrowest late window of the rule sets reaches back from its latest activity time$/s,
    (m) =>
      `存储的 since ${m[1]} 晚于 ${m[2]}，即从其最近活动时间按各规则集中最窄的迟到窗口回溯所及第一天的开始`,
  ],
  [
    /^the stored (daily|monthly) counter of group (.+) on (\S+) is not a counter \((.*)\)$/s,
    (m) => `存储的${pointCounterZh(m)}不是有效的计数（${m[4]}）`,
  ],
  [
    /^the stored (daily|monthly) counter of group (.+) on (\S+) holds (\d+) points, above the cap of (\d+)$/s,
    (m) => `存储的${pointCounterZh(m)}为 ${m[4]} 分，超过上限 ${m[5]} 分`,
  ],
  [
    /^the stored (daily|monthly) counter of group (.+) on (\S+) holds (\d+) points, the entries issue (\d+)$/s,
    (m) => `存储的${pointCounterZh(m)}为 ${m[4]} 分，而条目发放 ${m[5]} 分`,
  ],
  [
    /^the stored (daily|monthly) counter of group (.+) on (\S+) counts (\d+) events, the entries pay (\d+)$/s,
    (m) => `存储的${pointCounterZh(m)}记 ${m[4]} 次，而条目计分 ${m[5]} 次`,
  ],
  [
    /^no stored (daily|monthly) counter of group (.+) on (\S+), which its window still reaches; the entries issue (\d+) points there$/s,
    (m) => {
      const that = thatPeriodZh(m[1] as string);
      return `存储中没有${pointCounterZh(m)}，而${that}仍在其迟到窗口内，条目在${that}发放 ${m[4]} 分`;
    },
  ],
  [
    /^the stored (daily|monthly) reduction counter of (\S+) is not a number of µg \((.*)\)$/s,
    (m) => `${m[2]} 存储的${gramCounterZh(m)}不是 µg 数（${m[3]}）`,
  ],
  [
    /^the stored (daily|monthly) reduction counter of (\S+) holds (\d+) µg, above the cap of (\d+) µg$/,
    (m) => `${m[2]} 存储的${gramCounterZh(m)}为 ${m[3]} µg，超过上限 ${m[4]} µg`,
  ],
  [
    /^the stored (daily|monthly) reduction counter of (\S+) holds (\d+) µg; the entries issue (\d+) g in (\d+) entries, more than it allows with the carried remainders \((\d+) \+ (\d+) × 999999 µg\)$/,
    (m) =>
      `${m[2]} 存储的${gramCounterZh(m)}为 ${m[3]} µg，而 ${m[5]} 条条目共发放 ${m[4]} g，超过该计数连同结转余量所允许的（${m[6]} + ${m[7]} × 999999 µg）`,
  ],
  [
    /^no stored (daily|monthly) reduction counter of (\S+), which its window still reaches; the entries issue (\d+) g there$/,
    (m) => {
      const that = thatPeriodZh(m[1] as string);
      return `存储中没有 ${m[2]} 的${gramCounterZh(m)}，而${that}仍在其迟到窗口内，条目在${that}发放 ${m[3]} g`;
    },
  ],
  // A store's records against the replay of its entries or the re-execution of its inputs (verify-store.ts,
  // reexecute.ts: LEDGER_STORE_INVALID, LEDGER_AUDIT_MISMATCH).
  [
    new RegExp(
      `^(\\d+) stored (${RECORDS}) differ from (the re-execution|the replay of the entries) \\((.*)\\)$`,
      's',
    ),
    (m) =>
      `${m[1]} 项存储的${spaced(RECORDS_ZH[m[2] as string] as string)}与${m[3] === 'the re-execution' ? '重新执行' : '条目重放'}的结果不同（${keysZh(m[2] as string, m[4] as string)}）`,
  ],
  [
    /^the store lists (\d+) credited refs, the re-execution (\d+)$/,
    (m) => `存储记有 ${m[1]} 个已入账的 ref，重新执行得到 ${m[2]} 个`,
  ],
  [
    /^the store lists (\d+) credited refs, the entries credit (\d+)$/,
    (m) => `存储记有 ${m[1]} 个已入账的 ref，条目入账的为 ${m[2]} 个`,
  ],
  [
    /^partition (\d+): the first entry that differs is seq (\d+) \(stored (\S+) (\S+) (\S+) ref (.*), re-executed (\S+) (\S+) (\S+) ref (.*)\)$/s,
    (m) =>
      `分区 ${m[1]}：第一条不同的条目为 seq ${m[2]}（存储的为 ${m[3]} ${m[4]} ${m[5]}，ref ${m[6]}；重新执行得到 ${m[7]} ${m[8]} ${m[9]}，ref ${m[10]}）`,
  ],
  [
    /^partition (\d+): the store has (\d+) entries, the re-execution (\d+); the first extra stored entry is seq (\d+)$/,
    (m) => `分区 ${m[1]}：存储有 ${m[2]} 条条目，重新执行得到 ${m[3]} 条；第一条多出的存储条目为 seq ${m[4]}`,
  ],
  [
    /^partition (\d+): the store has (\d+) entries, the re-execution (\d+); the first missing entry is seq (\S+) \((\S*) (\S*) ref (.*)\)$/s,
    (m) =>
      `分区 ${m[1]}：存储有 ${m[2]} 条条目，重新执行得到 ${m[3]} 条；第一条缺少的条目为 seq ${m[4]}（${m[5]} ${m[6]}，ref ${m[7]}）`,
  ],
  // Opening a store (store.ts, store-sqlite-node.ts, store-postgres-node.ts, stored-batch.ts, ledger/partition.ts).
  [
    /^the database holds (\S+) version (\S+), this gepkit reads (\S+) version (\S+) \(and migrates version (\S+)\)$/,
    (m) =>
      `数据库中账本的${storedZh(m[1] as string, m[2] as string)}，本 gepkit 读取 ${m[3]} 版本 ${m[4]}（并迁移版本 ${m[5]}）`,
  ],
  [
    /^(.+) is (\S+) version (\S+), this gepkit reads (\S+) version (\S+) \(and migrates version (\S+)\)$/s,
    (m) =>
      `${m[1]} 的${storedZh(m[2] as string, m[3] as string)}，本 gepkit 读取 ${m[4]} 版本 ${m[5]}（并迁移版本 ${m[6]}）`,
  ],
  [
    /^(.+) is version (\S+) of several partitions whose accounts (.+) are touched by entries of several partitions: version \S+ kept one holdings row per account and unit, so their holdings may have lost amounts; not migrated \(rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it\)$/s,
    (m) =>
      `${m[1]} 为版本 ${m[2]}、有多个分区，其账户 ${m[3]} 被多个分区的条目涉及：版本 ${m[2]} 每个账户和单位只存一行持有记录，其持有可能已丢失数额；未迁移（请将其输入重新执行到新账本中重建，或用写入它的 gepkit 核验）`,
  ],
  [
    /^the database holds version (\S+) of several partitions whose accounts (.+) are touched by entries of several partitions: version \S+ kept one holdings row per account and unit, so their holdings may have lost amounts; not migrated \(rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it\)$/s,
    (m) =>
      `数据库中的账本为版本 ${m[1]}、有多个分区，其账户 ${m[2]} 被多个分区的条目涉及：版本 ${m[1]} 每个账户和单位只存一行持有记录，其持有可能已丢失数额；未迁移（请将其输入重新执行到新账本中重建，或用写入它的 gepkit 核验）`,
  ],
  [
    /^(.+) is version (\S+) whose entries repeat the record refs (.+): a record's ref is unique per kind, so each was applied more than once; not migrated \(rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it\)$/s,
    (m) =>
      `${m[1]} 为版本 ${m[2]}，其条目重复了记录编号 ${m[3]}：记录编号按类型唯一，这些记录已被重复记账；未迁移（请将其输入重新执行到新账本中重建，或用写入它的 gepkit 核验）`,
  ],
  [
    /^the database holds version (\S+) whose entries repeat the record refs (.+): a record's ref is unique per kind, so each was applied more than once; not migrated \(rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it\)$/s,
    (m) =>
      `数据库中的账本为版本 ${m[1]}，其条目重复了记录编号 ${m[2]}：记录编号按类型唯一，这些记录已被重复记账；未迁移（请将其输入重新执行到新账本中重建，或用写入它的 gepkit 核验）`,
  ],
  [/^(.+) is a file, not a ledger directory$/s, (m) => `${m[1]} 是文件，不是账本目录`],
  [
    /^the region code (\d+) has (\d+) digits \(GB\/T 2260: 2 for a province, 4 for a prefecture, 6 for a county\)$/,
    (m) => `地区代码 ${m[1]} 有 ${m[2]} 位数字（GB/T 2260：省级 2 位，地级 4 位，县级 6 位）`,
  ],
  [
    /^no province has the code (\d\d) \(GB\/T 2260: a region code starts with its province, 11–65, 71, 81 or 82\)$/,
    (m) => `没有省级行政区的代码为 ${m[1]}（GB/T 2260：地区代码以其省级代码开头，即 11–65、71、81 或 82）`,
  ],
  [
    /^no bundled rule set is "(.+)"( \(did you mean (\S+)\?\))?; the bundled ones are (.+), and a file is given by its path$/s,
    (m) =>
      `没有名为“${m[1]}”的内置规则集${m[3] === undefined ? '' : `（是否应为 ${m[3]}？）`}；内置规则集为 ${m[4]}，文件请给出其路径`,
  ],
  [
    /^the audit trail (.+), line (\d+), is not an audit record$/s,
    (m) => `审计记录文件 ${m[1]} 的第 ${m[2]} 行不是审计记录`,
  ],
  [
    /^the stored number of partitions "(.*)" is not a whole number from 1 to (\d+)$/s,
    (m) => `存储的分区数“${m[1]}”不是 1 至 ${m[2]} 之间的整数`,
  ],
  [
    /^a ledger has a whole number of partitions from 1 to (\d+), got (.*)$/s,
    (m) => `账本的分区数应为 1 至 ${m[1]} 之间的整数，实际为 ${m[2]}`,
  ],
  [
    /^partition (\S+) is not one of the ledger's (\d+) \(0 to (\d+)\)$/,
    (m) => `分区 ${m[1]} 不是该账本的 ${m[2]} 个分区之一（0 至 ${m[3]}）`,
  ],
  [/^ref (.+) was used but not looked up in the store$/s, (m) => `ref ${m[1]} 被使用，但未事先在存储中查找`],
  // An append a store refuses (store.ts; the queue's journal, queue/journal-node.ts and carbon-task-node.ts).
  // StoredBatch's last attempt at a chunk: the store's detail, then how many attempts were made.
  [
    /^(.+); (one attempt|(\d+) attempts) at this chunk, another writer appending to the same partitions each time$/s,
    (m) =>
      `${detailZh(m[1] as string)}；本批已尝试 ${m[3] ?? '1'} 次，每次都有另一写入者先向相同分区追加了条目`,
  ],
  [
    /^partition (\d+) is at (\S+) entries \/ (\S+), the chunk was computed at (\d+) \/ (\S+)$/,
    (m) => `分区 ${m[1]} 现为 ${m[2]} 条 / ${m[3]}，而本批是按 ${m[4]} 条 / ${m[5]} 计算的`,
  ],
  [
    /^(certification reference|activity) (.+) is already recorded$/s,
    (m) => `${m[1] === 'activity' ? '活动' : '核证编号'} ${m[2]} 已记录`,
  ],
  [
    /^the journal (.+) belongs to another spool of partition (\d+)$/s,
    (m) => `日志 ${m[1]} 属于分区 ${m[2]} 的另一份分区文件`,
  ],
  [
    /^partition (\d+) is at entry (\d+), neither where this job's last chunk found it \((\d+)\) nor where it left it \((\d+)\): another writer appended to it$/,
    (m) =>
      `分区 ${m[1]} 位于第 ${m[2]} 条，既不是本任务上一批开始时的位置（${m[3]}），也不是它写完后的位置（${m[4]}）：另有写入者向其追加了条目`,
  ],
  // A signed checkpoint (verify-store.ts checkpointProblem, sign-node.ts).
  [/^the ledger has (\d+) entries$/, (m) => `账本只有 ${m[1]} 条条目`],
  [
    /^the ledger's head there is (\S+), the checkpoint says (\S+)$/,
    (m) => `账本在该处的末端为 ${m[1]}，检查点记为 ${m[2]}`,
  ],
  [
    /^it lists (\d+) partition heads, the ledger has (\d+) partitions$/,
    (m) => `检查点列出 ${m[1]} 个分区末端，账本有 ${m[2]} 个分区`,
  ],
  [/^partition (\d+) has (\d+) entries$/, (m) => `分区 ${m[1]} 只有 ${m[2]} 条条目`],
  [
    /^it was signed with another key \((\S+)\) than the public key given \((\S+)\)$/,
    (m) => `签名所用的公钥（${m[1]}）不是给出的公钥（${m[2]}）`,
  ],
  [
    /^it was signed with another key \((\S+)\) than the public keys given \((.+)\)$/,
    (m) => `签名所用的公钥（${m[1]}）不在给出的公钥（${m[2]}）之中`,
  ],
  [
    /^partition (\d+)'s head there is (\S+), the checkpoint says (\S+)$/,
    (m) => `分区 ${m[1]} 在该处的末端为 ${m[2]}，检查点记为 ${m[3]}`,
  ],
  // A stored entry's copied columns that its body does not give (store.ts columnsDiffering, verify-store.ts).
  [
    /^the stored entry (\d+) \(partition (\d+), seq (\d+)\) has (.+)$/s,
    (m) =>
      `存储的第 ${m[1]} 条条目（分区 ${m[2]}，seq ${m[3]}）：${(m[4] as string)
        .split('; ')
        .map((x) => x.replace(/^(\S+) (.*), its body gives (.*)$/s, '列 $1 为 $2，其正文为 $3'))
        .join('；')}`,
  ],
  // An unsigned anchor (verify-store.ts): its count and head, then why the chain did not pass through them.
  [
    /^anchor (\d+) entries \/ (\S+): (.+)$/s,
    (m) => `锚定值 ${m[1]} 条 / ${m[2]}：${detailZh(m[3] as string)}`,
  ],
];

/**
 * The Chinese of the details this module writes itself in fixed forms (a scenario's missing field, the checks of
 * rule sets, factor sets, methodologies and periods, the schemas' own refinements, a ledger entry's shape, the
 * references of claims and expiries, the chain and its anchor, a registry record's meta, a store's state, format,
 * partitions and refused appends, a re-execution's differences, a signed checkpoint), by pattern; any other detail
 * goes to invalidDetailZh (zod's forms, through carbonZodFallback), which keeps what it does not know as it is.
 */
const detailZh = detailZhOf(FIXED_ZH, PATTERNS_ZH, invalidDetailZh);

/** Why a key file cannot be used (sign-node.ts), in Chinese; the crypto library's words are kept. */
const keyDetailZh = detailZhOf(
  {},
  [
    [/^it cannot be read: (.*)$/s, (m) => `无法读取：${m[1]}`],
    [/^its type is (\S+), not Ed25519$/, (m) => `类型为 ${m[1] === '?' ? '未知' : m[1]}，不是 Ed25519`],
  ],
  (detail) => detail,
);

/** The parameters of the forestry functions (forestry/check.ts), in Chinese; any other is kept. */
const FORESTRY_PARAMETERS_ZH: Readonly<Record<string, string>> = {
  volumeM3: '蓄积量 V（m³）',
  density: '基本木材密度 D',
  bef: '生物量扩展因子 BEF',
  rootShoot: '根茎比 R',
  carbonFraction: '含碳率 CF',
  growthRate: '总生长率 GR',
  harvestRate: '消耗率 CR',
  areaHm2: '面积 A（hm²）',
  forestBiomass: '森林地上生物量 b_FOREST',
  crownCover: '灌木盖度 CC',
};
const forestryParameterZh = (p: string) =>
  Object.hasOwn(FORESTRY_PARAMETERS_ZH, p) ? (FORESTRY_PARAMETERS_ZH[p] as string) : p;
const forestryValueZh = (v: string) =>
  v === 'missing' ? '缺失' : v.replace(/^string /, '字符串 ').replace(/^number /, '数字 ');
const FORESTRY_EXPECTED_ZH: Readonly<Record<string, string>> = {
  'a fraction in [0, 1] (0.47, not 47)': ' [0, 1] 之间的比例（写 0.47，而非 47）',
  'a decimal ≥ 0': '不小于 0 的十进制数',
};
const forestryExpectedZh = (e: string): string => {
  const rest = e.startsWith('a Decimal, ') ? e.slice('a Decimal, '.length) : undefined;
  if (rest !== undefined) return `Decimal 十进制数，且为${forestryExpectedZh(rest)}`;
  if (e === 'a Decimal') return ' Decimal 十进制数';
  return Object.hasOwn(FORESTRY_EXPECTED_ZH, e) ? (FORESTRY_EXPECTED_ZH[e] as string) : e;
};

/** "(none)" for a lookup without a region or without factor sets (factors/registry.ts), in Chinese. */
const noneZh = (s: string) => (s === '(none)' ? '无' : s);

/**
 * A rule set as src/carbon/cap-check.ts names it beside an entry's rule: "<ref> (rule <r>)", "<ref> (which has no
 * rule <r>)", or the ref alone ("(none)" for no rule set), in Chinese.
 */
export const ruleRefZh = (s: string): string => {
  const m = /^(\S+) \((which has no rule|rule) (\S+)\)$/.exec(s);
  if (m === null) return noneZh(s);
  return m[2] === 'rule' ? `${m[1]}（规则 ${m[3]}）` : `${m[1]}（其中没有规则 ${m[3]}）`;
};
/** A lookup's region as factors/registry.ts writes it: the region or "(none)", then ", " and the date if any. */
const regionZh = (s: string) => {
  const m = /^(.*), (\d{4}-\d{2}-\d{2})$/.exec(s);
  return m === null ? noneZh(s) : `${noneZh(m[1] as string)}，日期 ${m[2]}`;
};

/** The factor sets CARBON_FACTOR_MISSING searched, each with why it gave no factor (registry.ts `whyNot`), in Chinese. */
const setsSearchedZh = (s: string) =>
  noneZh(s)
    .replace(/ \(data year (\d+), after (\d+)\)/g, '（数据年份 $1，晚于 $2）')
    .replace(/ \(not in force on ([^()\s]+)\)/g, '（$1 不在有效期内）')
    .replace(
      / \(([^()]+?) national only for the grids of the province table, which do not supply (\d+)\)/g,
      (_, k: string, p: string) =>
        `（${k.replace(/ and /g, '、')} 的全国值仅适用于省份—电网对照表中的电网，不覆盖 ${p}）`,
    )
    .replace(
      / \(([^()]+?) only for ([^()]+)\)/g,
      (_, k: string, areas: string) =>
        `（${k.replace(/ and /g, '、')} 仅适用于${areas
          .split(' and ')
          .map((a) => factorScopeZh(a).trim())
          .join('、')}）`,
    )
    .replace(
      / \(([^()]+?) not in force on ([^()\s]+)\)/g,
      (_, k: string, d: string) => `（${k.replace(/ and /g, '、')} 在 ${d} 不在有效期内）`,
    )
    .replace(
      / \(([^()]+?) only up to a smaller capacity\)/g,
      (_, k: string) => `（${k.replace(/ and /g, '、')} 仅适用于更小的装机容量）`,
    );

/** A factor key with its alternative ("k (or b with e)": k, or the baseline b with the mode's emission e), in Chinese. */
const factorKeyZh = (key: string) => {
  const m = /^(\S+) \(or (\S+) with (\S+)\)$/.exec(key);
  return m === null ? key : `${m[1]}（或 ${m[2]} 与 ${m[3]}）`;
};

/**
 * Why a reduction was not computed (CARBON_REDUCTION_SKIPPED's `reason`: the English message of the refusal met),
 * in Chinese for a missing factor, the refusal's own Chinese; any other reason is kept.
 */
const reductionReasonZh = (reason: string) => {
  const m = /^Missing emission factor "(.*)" \(region (.*); factor sets searched: (.*)\)$/s.exec(reason);
  return m === null
    ? reason
    : `缺少排放因子“${factorKeyZh(m[1] as string)}”（地区 ${regionZh(m[2] as string)}，查找的因子集：${noneZh(m[3] as string)}）`;
};

/** The dimensions a factor is quoted per (activity-units.ts), and a factor's kind, in Chinese. */
const DIMS_ZH: Readonly<Record<string, string>> = {
  distance: '距离',
  'passenger-distance': '乘客距离',
  ride: '次数',
  energy: '能量',
};
const KIND_ZH: Readonly<Record<string, string>> = { reduction: '减排因子', emission: '排放因子' };

/** A factor's unit and kind as CARBON_FACTOR_UNIT's `unit` names it (`g_CO2/ride (reduction)`), in Chinese. */
const factorUnitZh = (unit: string) => {
  const m = /^(\S+) \((reduction|emission)\)$/.exec(unit);
  return m === null ? unit : `${m[1]}（${KIND_ZH[m[2] as string]}）`;
};

/** What a formula needs (CARBON_FACTOR_UNIT's `expected`: `distance or ride (reduction factor)`), in Chinese. */
const factorNeedZh = (expected: string) => {
  const m = /^(.+) \((reduction|emission) factor\)$/.exec(expected);
  const dims = m === null ? [] : (m[1] as string).split(' or ');
  // Kept as written, after a space: the message reads "需要 <expected>".
  if (m === null || !dims.every((d) => Object.hasOwn(DIMS_ZH, d))) return ` ${expected}`;
  return `按${dims.map((d) => DIMS_ZH[d]).join('或')}计的${KIND_ZH[m[2] as string]}`;
};

/** Why a given quantity goes unused (CARBON_QUANTITY_UNUSED's `reason`, methodologies/travel-per-trip.ts), in Chinese. */
const unusedReasonZh = detailZhOf(
  {
    'the emission-difference form (EF_baseline − EF_mode) × d is per distance':
      '排放差形式 (EF_baseline − EF_mode) × d 按距离计',
    'a trip is one traveller’s: give one line per traveller, or the distance in pkm':
      '一次出行只计一名出行者：请每名出行者一行，或以人公里（pkm）给出距离',
  },
  [
    [
      /^factor (\S+) \((\S+)\) is per (\S+), independent of distance$/,
      (m) => `因子 ${m[1]}（${m[2]}）按 ${m[3]} 计，与距离无关`,
    ],
    [/^factor (\S+) \((\S+)\) is per distance$/, (m) => `因子 ${m[1]}（${m[2]}）按距离计`],
  ],
  (d) => d,
);

/** A factor's condition as a methodology writes it (pv-distributed.ts), in Chinese; one from a factor file is kept. */
const conditionZh = (c: string) => {
  const m = /^projects of at most (\S+) kW installed capacity$/.exec(c);
  return m === null ? c : `装机容量不超过 ${m[1]} kW 的项目`;
};

/** The area a factor record covers (factors/registry.ts factorArea: `region 36`, `grid central`, `the whole country`), in Chinese; any other kept. */
function factorScopeZh(scope: string): string {
  if (scope === 'the whole country') return '全国';
  const m = /^(region|grid) (\S+)$/.exec(scope);
  if (m === null) return scope;
  return m[1] === 'region' ? `地区 ${m[2]} ` : `${GRID_ZH[m[2] as string] ?? `${m[2]} `}电网`;
}

/** The regional grids (factors/schema.ts GRIDS) by their Chinese names. */
const GRID_ZH: Readonly<Record<string, string>> = {
  north: '华北',
  northeast: '东北',
  east: '华东',
  central: '华中',
  northwest: '西北',
  south: '南方',
  southwest: '西南',
};

/** Why no rule pays an activity (CARBON_NO_RULE's `reason`), in Chinese; any other reason is kept. */
const noRuleReasonZh = detailZhOf(
  { 'a points-only scenario and no rule set was given': '该场景只按规则计分，但未给出规则集' },
  [
    [
      /^the rule set (\S*) pays this scenario only on the evidence paths (.+)$/s,
      (m) => `规则集 ${m[1]} 只对证据路径 ${(m[2] as string).replaceAll('(any)', '（任意）')} 为该场景计分`,
    ],
    [
      /^the rule set (\S+) has no rule for this points-only scenario$/s,
      (m) => `规则集 ${m[1]} 没有该场景的计分规则（该场景只按规则计分）`,
    ],
  ],
  (d) => d,
);

export const CARBON_ERRORS = {
  CARBON_LINE_NOT_JSON: entry<'detail' | 'input'>(
    'error',
    (p) => `该行不是有效的 JSON：${jsonDetailZh(String(p.detail))}`,
    (p) => `The line is not valid JSON: ${p.detail}`,
    (p) =>
      p.input === 'ledger'
        ? 'A ledger file holds one JSON entry per line, as gepkit wrote it: this line was damaged, or the file is not a ledger. carbon verify stops at it: the entries after it were not checked.'
        : 'Write one JSON object per line (JSON Lines); the other lines are processed regardless.',
    (p) =>
      p.input === 'ledger'
        ? '账本文件每行一条 JSON 条目（由 gepkit 写入）：该行已损坏，或该文件不是账本。carbon verify 在该行停止：其后的条目未经核验。'
        : '每行写一个 JSON 对象（JSON Lines）；其他行照常处理。',
  ),
  CARBON_ACTIVITY_INVALID: entry<'detail'>(
    'error',
    (p) => `活动记录格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid activity: ${p.detail}`,
    () => 'Check the activity against docs/carbon.md (Activities): id, user, ts, scenario and its fields.',
    () => '请对照 docs/carbon.md（Activities）检查活动记录：id、user、ts、scenario 及该场景的字段。',
  ),
  CARBON_SCENARIO_UNKNOWN: entry<'allowed' | 'scenario'>(
    'error',
    (p) => `未知的碳普惠场景“${p.scenario}”`,
    (p) => `Unknown carbon-inclusion scenario "${p.scenario}"`,
    (p) => `Use one of: ${p.allowed}.`,
    (p) => `请使用以下之一：${p.allowed}。`,
  ),
  CARBON_FACTOR_MISSING: entry<'key' | 'region' | 'sets'>(
    'error',
    (p) =>
      `缺少排放因子“${factorKeyZh(String(p.key))}”（地区 ${regionZh(String(p.region))}，查找的因子集：${setsSearchedZh(String(p.sets))}）`,
    (p) => `Missing emission factor "${p.key}" (region ${p.region}; factor sets searched: ${p.sets})`,
    () =>
      'Supply the factor in a user factor set (--factors, or options.factorSets) with its source and grade; gepkit never invents one.',
    () =>
      '请在用户因子集（--factors 或 options.factorSets）中提供该因子，并注明其来源和等级；gepkit 从不自行编造因子。',
  ),
  CARBON_FACTOR_UNIT: entry<'expected' | 'key' | 'unit'>(
    'error',
    (p) =>
      `因子“${p.key}”的单位为 ${factorUnitZh(String(p.unit))}，与活动量不匹配（需要${factorNeedZh(String(p.expected))}）`,
    (p) => `Factor "${p.key}" is per ${p.unit}; the activity needs a factor per ${p.expected}`,
    () => 'Give the factor per the activity quantity (e.g. g_CO2/km for a distance, g_CO2/ride for a ride).',
    () => '请按活动量给出因子（如距离用 g_CO2/km，乘车次数用 g_CO2/ride）。',
  ),
  CARBON_FACTORS_INVALID: entry<'detail'>(
    'error',
    (p) => `因子集格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid factor set: ${p.detail}`,
    () =>
      'Check the factor set against docs/carbon.md (Factor sets): every value needs unit, source and grade.',
    () => '请对照 docs/carbon.md（Factor sets）检查因子集：每个值都需要 unit、source 和 grade。',
  ),
  CARBON_RULES_INVALID: entry<'detail'>(
    'error',
    (p) => `积分规则格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid point rules: ${p.detail}`,
    () => 'Check the rule set against docs/carbon.md (Point rules).',
    () => '请对照 docs/carbon.md（Point rules）检查规则集。',
  ),
  CARBON_METHODOLOGY_UNKNOWN: entry<'allowed' | 'methodology'>(
    'error',
    (p) => `未知方法学“${p.methodology}”`,
    (p) => `Unknown methodology "${p.methodology}"`,
    (p) => `Known methodologies: ${p.allowed}.`,
    (p) => `已知的方法学：${p.allowed}。`,
  ),
  CARBON_METHODOLOGY_INVALID: entry<'detail'>(
    'error',
    (p) => `方法学定义格式错误：${detailZh(String(p.detail))}`,
    (p) => `Invalid methodology: ${p.detail}`,
    () =>
      'Check the methodology against docs/carbon.md (Methodologies from data): id, version, scenarios, inputs, factors, formula, source and grade.',
    () =>
      '请对照 docs/carbon.md（Methodologies from data）检查方法学：id、version、scenarios、inputs、factors、formula、source 和 grade。',
  ),
  CARBON_METHODOLOGY_SCENARIO_TAKEN: entry<'methodology' | 'other' | 'scenario'>(
    'error',
    (p) => `方法学 ${p.methodology} 的场景“${p.scenario}”已属于方法学 ${p.other}`,
    (p) => `Methodology ${p.methodology}: scenario "${p.scenario}" already belongs to ${p.other}`,
    () => 'A scenario has one methodology: give the new one its own scenario name.',
    () => '一个场景只属于一个方法学：请为新方法学另取场景名。',
  ),
  CARBON_STEP_LENGTH_MISSING: entry(
    'error',
    () => '步数换算距离需要给出步长（stepLength）',
    () => 'Steps can only become a distance with a stated step length (stepLength)',
    () =>
      'Add "stepLength": {"value": "0.7", "unit": "m"} measured or declared for the user, or give "distance".',
    () => '请添加为该用户实测或申报的 "stepLength": {"value": "0.7", "unit": "m"}，或给出 "distance"。',
  ),
  CARBON_TIMESTAMP_FUTURE: entry<'now' | 'ts' | 'what'>(
    'error',
    (p) =>
      `${p.what === 'claim' ? '领取' : p.what === 'record' ? '记录' : '活动'}时间 ${p.ts} 晚于本次运行时间 ${p.now} 超过一天，未入账`,
    (p) =>
      p.what === 'claim' || p.what === 'record'
        ? `${p.what === 'claim' ? 'Claim' : 'Record'} time ${p.ts} is more than a day after the time of the run ${p.now}; not booked`
        : `Activity time ${p.ts} is more than a day after the time of the run ${p.now}; not credited`,
    () =>
      'Check the device clock or the date written; the line was skipped and later lines go on (it does not move the batch clock).',
    () => '请检查设备时钟或所写日期；该行已跳过，后续行照常处理（该行不会推进批处理时钟）。',
  ),
  CARBON_ID_NORMALISED: entry<'field' | 'id'>(
    'warning',
    (p) => `${p.field} 按编号规则读作“${p.id}”（去除首尾空白，全角字母数字等按 NFKC 转为半角）`,
    (p) =>
      `The ${p.field} was read as "${p.id}" by the id rule (white space trimmed, full-width letters and digits read as plain, NFKC)`,
    () => 'Write the id as it is read, so that other systems match it; case is kept (B1 and b1 are two ids).',
    () => '请按读取后的形式书写编号，以便其他系统与之匹配；大小写保留（B1 与 b1 是两个编号）。',
  ),
  CARBON_TIMESTAMP_ORDER: entry<'previous' | 'ts'>(
    'error',
    (p) => `时间顺序错误：${p.ts} 早于之前的 ${p.previous}`,
    (p) => `Timestamp out of order: ${p.ts} is earlier than the preceding ${p.previous}`,
    () =>
      'Sort the activities by time (caps, claim windows and the ledger need time order); the line was skipped.',
    () => '请按时间排序活动（上限、领取期和账本都要求时间顺序）；该行已跳过。',
  ),
  CARBON_TOO_LATE: entry<'latest' | 'since' | 'ts' | 'window'>(
    'error',
    (p) =>
      p.since === ''
        ? `活动时间 ${p.ts} 早于该用户最近一条已入账活动 ${p.latest} 超过迟到窗口 ${p.window} 小时，未入账`
        : `活动时间 ${p.ts} 早于 ${p.since}：该用户存储的上限计数和积分日合计已不再完整保存此前的日期（较早的运行按更窄的迟到窗口将其丢弃），未入账（最近一条已入账活动 ${p.latest}，迟到窗口 ${p.window} 小时）`,
    (p) =>
      p.since === ''
        ? `Activity time ${p.ts} is more than the late window of ${p.window} h before the user's latest accepted activity ${p.latest}; not credited`
        : `Activity time ${p.ts} is before ${p.since}, from which on the user's stored cap counters and point day totals are all kept (an earlier run under a narrower late window dropped the days before it); not credited (latest accepted activity ${p.latest}, late window ${p.window} h)`,
    (p) =>
      p.since === ''
        ? "The rule set's lateWindowHours says how late a user's activity may arrive (default 168 h, 7 days); the line was skipped, nothing was booked."
        : "A wider lateWindowHours in a new rule-set version reaches no further back than the days the stored state still holds: counted from zero, the line could break that day's caps. The line was skipped, nothing was booked.",
    (p) =>
      p.since === ''
        ? '规则集的 lateWindowHours 规定用户活动最多可迟到多久（默认 168 h，即 7 天）；该行已跳过，未记账。'
        : '新版规则集中更宽的 lateWindowHours 不能回溯到存储状态已不再保存的日期：若从零计数，该行可能突破当日上限。该行已跳过，未记账。',
  ),
  CARBON_PERIOD_INVALID: entry<'detail'>(
    'error',
    (p) => `时间区间无效：${detailZh(String(p.detail))}`,
    (p) => `Invalid period: ${p.detail}`,
    () => 'The end must come after the start (years t2 > t1, end time after start time).',
    () => '结束必须晚于开始（年份 t2 > t1，结束时间晚于开始时间）。',
  ),
  CARBON_FORESTRY_PARAMETER_INVALID: entry<'expected' | 'parameter' | 'value'>(
    'error',
    (p) =>
      `林业碳汇参数 ${forestryParameterZh(String(p.parameter))} 无效（${forestryValueZh(String(p.value))}）：应为${forestryExpectedZh(String(p.expected))}`,
    (p) => `Invalid forestry parameter ${p.parameter} (${p.value}): expected ${p.expected}`,
    () =>
      'Give fractions (carbon fraction, crown cover, growth and harvest rates) as 0.47, not 47; volumes, areas, densities, factors and biomass are never negative. gepkit never fills in a missing parameter.',
    () =>
      '比例（含碳率、灌木盖度、总生长率和消耗率）请写作 0.47，而非 47；蓄积量、面积、密度、因子和生物量均不能为负。gepkit 从不补全缺失的参数。',
  ),
  CARBON_EVIDENCE_EXCLUSIVE: entry<'behaviour' | 'first' | 'second'>(
    'error',
    (p) => `行为“${p.behaviour}”已通过证据路径“${p.first}”计分，不能再通过“${p.second}”计分`,
    (p) =>
      `Behaviour "${p.behaviour}" was already credited by evidence path "${p.first}"; "${p.second}" cannot credit it again`,
    () => 'Evidence paths of one behaviour are mutually exclusive: keep one record per behaviour.',
    () => '同一行为的各证据路径互斥：每个行为只保留一条记录。',
  ),
  CARBON_CONVERSION_MISSING: entry<'date' | 'rules'>(
    'error',
    (p) => `没有在 ${p.date} 生效的减排量—积分换算（${p.rules}）`,
    (p) => `No reductions-to-points conversion in force on ${p.date} (${p.rules})`,
    () => 'Add a conversion with an effective date covering the activity to the rule set.',
    () => '请在规则集中添加一条生效日期覆盖该活动的换算。',
  ),
  CARBON_REDUCTION_NEGATIVE: entry<'value'>(
    'warning',
    (p) => `计算得到负减排量（${p.value} g CO₂），按方法学记为零减排`,
    (p) =>
      `Negative reduction computed (${p.value} g CO₂): recorded as zero reduction, as the methodology requires`,
    () => 'Nothing to fix if the behaviour truly emitted more than its baseline; otherwise check the inputs.',
    () => '若该行为确实比其基准排放更多，则无需处理；否则请检查输入。',
  ),
  CARBON_REDUCTION_SKIPPED: entry<'reason'>(
    'warning',
    (p) => `未计算减排量：${reductionReasonZh(String(p.reason))}`,
    (p) => `Reduction not computed: ${p.reason}`,
    () => 'Points by rule were still awarded; supply the missing factor to account the reduction too.',
    () => '按规则的积分仍已发放；补充缺失的因子即可同时核算减排量。',
  ),
  CARBON_POINTS_CAPPED: entry<'awarded' | 'cap' | 'capZh' | 'period' | 'periodZh' | 'wanted'>(
    'warning',
    (p) => `积分受${p.periodZh}上限 ${p.capZh} 限制：应得 ${p.wanted}，记 ${p.awarded}`,
    (p) => `Points limited by the ${p.period} cap ${p.cap}: ${p.wanted} earned, ${p.awarded} awarded`,
    () => 'The cap is part of the rule set; nothing to fix.',
    () => '该上限是规则集的一部分，无需处理。',
  ),
  CARBON_POINTS_EXPIRED_ON_ARRIVAL: entry<'at' | 'booked' | 'points' | 'reason'>(
    'warning',
    (p) =>
      `迟到记录的 ${p.points} 积分在入账时（${p.booked}）已过${p.reason === 'claim window' ? '领取期限' : '有效期'}（${p.at}），随该记录一并失效`,
    (p) =>
      `The late line's ${p.points} points were past their ${p.reason} (${p.at}) when booked at ${p.booked}: they expired with the line`,
    () =>
      "The late window admits the line, the rule set's claim window and expiry decide its points: send activities sooner, or lengthen them in the rule set if late points should count.",
    () =>
      '迟到窗口决定该行能否入账，规则集的领取期和有效期决定其积分：请更早发送活动；若迟到的积分也应计入，请在规则集中延长领取期和有效期。',
  ),
  CARBON_QUANTITY_UNUSED: entry<'field' | 'reason'>(
    'warning',
    (p) => `给出的“${p.field}”未被使用：${unusedReasonZh(String(p.reason))}`,
    (p) => `The given "${p.field}" is not used: ${p.reason}`,
    () =>
      'Drop the quantity, or pick a factor quoted per it (factorKey) if that is what the activity measured; nothing was computed from it.',
    () => '请删去该量；若活动测量的正是该量，请选用按该量计的因子（factorKey）。未根据该量计算任何结果。',
  ),
  CARBON_RULE_PER_LINE: entry<'rides' | 'rule'>(
    'warning',
    (p) => `规则 ${p.rule} 按每条记录计分（basis event），不按乘次：该记录的 ${p.rides} 次乘车只得一次积分`,
    (p) =>
      `Rule ${p.rule} pays per line (basis event), not per ride: the line's ${p.rides} rides earned one award`,
    () =>
      "Send one line per ride (each with its own id) to earn the rule's points for every ride; the line's reduction is not affected.",
    () => '每次乘车发送一行（各有其 id），才能每次乘车都获得该规则的积分；该行的减排量不受影响。',
  ),
  CARBON_NO_RULE: entry<'evidence' | 'fix' | 'reason' | 'scenario'>(
    'warning',
    (p) =>
      `没有规则为该活动计分（场景 ${p.scenario}，证据路径 ${noneZh(String(p.evidence))}）：${noRuleReasonZh(String(p.reason))}`,
    (p) => `No rule pays this activity (scenario ${p.scenario}, evidence ${p.evidence}): ${p.reason}`,
    (p) => `${p.fix}`,
    (p) =>
      detailZhOf(
        {
          'Points-only scenarios earn only by rule: pass a rule set that pays the scenario (--rules); the line earned nothing.':
            '只按规则计分的场景只能通过规则获得积分：请传入为该场景计分的规则集（--rules）；该行未获得任何积分。',
        },
        [
          [
            /^Check the evidence path \(one of (.+)\); the line earned no points\.$/s,
            (m) =>
              `请检查证据路径（应为 ${(m[1] as string).replaceAll('(any)', '（任意）')} 之一）；该行未获得积分。`,
          ],
        ],
        (fix) => fix,
      )(String(p.fix)),
  ),
  CARBON_RULE_MEASURE_MISSING: entry<'basis' | 'field' | 'rule'>(
    'warning',
    (p) => `规则 ${p.rule} 按 ${p.basis} 计分，活动缺少 ${p.field}：减排量照常计入，本条不计分`,
    (p) =>
      `Rule ${p.rule} pays on ${p.basis}, and the activity has no ${p.field}: its reduction was credited, without points`,
    (p) => `Send "${p.field}" with such activities to earn points under rule ${p.rule}.`,
    (p) => `请在此类活动中给出“${p.field}”，才能按规则 ${p.rule} 获得积分。`,
  ),
  CARBON_FACTOR_CONDITION_UNCHECKED: entry<'condition' | 'field' | 'key' | 'set'>(
    'warning',
    (p) =>
      `因子“${p.key}”（${p.set}）仅适用于${conditionZh(String(p.condition))}；活动未给出 ${p.field}，无法核对，按适用处理`,
    (p) =>
      `Factor "${p.key}" (${p.set}) applies only to ${p.condition}; the activity gives no ${p.field}, so this was not checked and the factor was applied`,
    (p) =>
      `Add "${p.field}" to the activity so the condition is checked (outside it the next factor applies).`,
    (p) => `请在活动中添加“${p.field}”，以便核对该条件（不满足条件时适用下一个因子）。`,
  ),
  CARBON_FACTOR_YEAR_FALLBACK: entry<'dataYear' | 'key' | 'scope' | 'set' | 'year'>(
    'warning',
    (p) =>
      `${p.year} 年没有${factorScopeZh(String(p.scope))}已发布的因子“${p.key}”，使用 ${p.dataYear} 年的（${p.set}）`,
    (p) =>
      `No factor "${p.key}" for ${p.scope} is published for ${p.year}: the ${p.dataYear} value (${p.set}) was used`,
    (p) =>
      `The latest earlier year of the most specific area (${p.scope}) is used until its ${p.year} factor is published, also where a wider area has one (docs/carbon.md, Factor selection); add it as a factor set when it is, or run in strict mode to refuse such lines.`,
    (p) =>
      `在最具体区域（${factorScopeZh(String(p.scope)).trim()}）的 ${p.year} 年因子发布之前，使用该区域此前最近一年的因子，即使更大范围的区域已有该年因子（docs/carbon.md，Factor selection）；发布后请将其作为因子集加入，或以严格模式运行以拒绝此类行。`,
  ),
  CARBON_FACTOR_YEAR_UNPUBLISHED: entry<'dataYear' | 'key' | 'scope' | 'set' | 'year'>(
    'error',
    (p) =>
      `严格模式：${p.year} 年没有${factorScopeZh(String(p.scope))}已发布的因子“${p.key}”（最近的是 ${p.dataYear} 年，${p.set}），拒绝计算`,
    (p) =>
      `Strict mode: no factor "${p.key}" for ${p.scope} is published for ${p.year} (the latest is ${p.dataYear}, ${p.set}); the line is refused`,
    () =>
      "Supply the year's factor in a user factor set, or run without strict mode to use the latest earlier year with a warning.",
    () => '请在用户因子集中提供该年的因子，或不用严格模式运行，以使用此前最近一年的因子并给出警告。',
  ),
  CARBON_IMPLAUSIBLE: entry<'grade' | 'max' | 'measure' | 'scenario' | 'unit' | 'value'>(
    'error',
    (p) =>
      `${p.scenario} 活动的${quantityZh(String(p.measure))} ${p.value} ${p.unit} 超过合理上限 ${p.max} ${p.unit}（证据等级 ${p.grade}），拒绝计入`,
    (p) =>
      `Implausible ${p.scenario} activity: ${p.measure} ${p.value} ${p.unit} exceeds the bound ${p.max} ${p.unit} (${p.grade}); refused`,
    () =>
      'Check the record (a unit typo, a duplicated trip); a rule set with "plausibility": "cap" credits such lines up to the bound instead.',
    () => '请检查该记录（单位写错、行程重复）；规则集若设置 "plausibility": "cap"，则改为按上限计入此类行。',
  ),
  CARBON_METHODOLOGY_NOT_IN_FORCE: entry<'date' | 'from' | 'methodology'>(
    'warning',
    (p) =>
      `活动日期 ${p.date} 早于方法学 ${p.methodology} 的施行日期 ${p.from}：按其计算，但该方法学当时尚未施行`,
    (p) =>
      `The activity's date ${p.date} is before ${p.methodology} came into force (${p.from}): computed by it, though it was not in force then`,
    () =>
      'Credit an activity under the methodology in force on its date; if the platform applies this one to earlier activities by its own rules, record that choice with the run.',
    () =>
      '请按活动日期当时施行的方法学核证；如平台按自身规则将本方法学用于更早的活动，请随运行记录这一选择。',
  ),
  CARBON_QUANTITY_CAPPED: entry<'grade' | 'max' | 'measure' | 'scenario' | 'unit' | 'value'>(
    'warning',
    (p) =>
      `${p.scenario} 活动的${quantityZh(String(p.measure))} ${p.value} ${p.unit} 超过合理上限，按 ${p.max} ${p.unit}（证据等级 ${p.grade}）计算`,
    (p) =>
      `The ${p.scenario} activity's ${p.measure} ${p.value} ${p.unit} exceeds its plausibility bound: computed on ${p.max} ${p.unit} (${p.grade})`,
    () => 'The rule set caps implausible quantities; check the record if it is a data error.',
    () => '规则集对不合理的数量按上限计算；若是数据错误，请检查该记录。',
  ),
  CARBON_REDUCTION_CAPPED: entry<'cap' | 'credited' | 'exact' | 'period'>(
    'warning',
    (p) =>
      `减排量受每用户${p.period === 'monthly' ? '每月' : '每日'}上限 ${p.cap} g CO₂ 限制：计算 ${p.exact} g，计入 ${p.credited} g`,
    (p) =>
      `Reduction limited by the per-user ${p.period} cap of ${p.cap} g CO₂: ${p.exact} g computed, ${p.credited} g counted`,
    () => 'The cap is part of the rule set (reductionCaps); nothing to fix.',
    () => '该上限是规则集的一部分（reductionCaps），无需处理。',
  ),
  LEDGER_ENTRY_INVALID: entry<'detail'>(
    'error',
    (p) => `账本条目无效：${detailZh(String(p.detail))}`,
    (p) => `Invalid ledger entry: ${p.detail}`,
    () =>
      'Amounts are positive integers (grams, points or whole tonnes) with a unit and the accounts the type needs.',
    () => '数量为正整数（克、积分或整吨），并带单位及该条目类型所需的账户。',
  ),
  LEDGER_DOUBLE_CREDIT: entry<'ref' | 'unit'>(
    'error',
    (p) => `活动“${p.ref}”${p.unit === ANY_UNIT ? '' : `的 ${p.unit} `}已记账，拒绝重复计入`,
    (p) =>
      `Activity "${p.ref}" was already credited${p.unit === ANY_UNIT ? '' : ` in ${p.unit}`}; double crediting refused`,
    () => 'Every activity needs a globally unique id; the same behaviour is credited once.',
    () => '每条活动都需要全局唯一的 id；同一行为只计入一次。',
  ),
  LEDGER_INSUFFICIENT: entry<'account' | 'amount' | 'available' | 'unit'>(
    'error',
    (p) => `账户 ${p.account} 可用余额 ${p.available} ${p.unit} 不足 ${p.amount}`,
    (p) => `Account ${p.account} has ${p.available} ${p.unit} available, less than ${p.amount}`,
    () => 'Redeem, transfer, certify or retire at most the available balance.',
    () => '兑换、转让、核证或注销的数量不得超过可用余额。',
  ),
  LEDGER_RETIRED: entry<'account' | 'amount' | 'available' | 'serials' | 'unit'>(
    'error',
    (p) =>
      `账户 ${p.account} 试图使用已注销的 ${p.unit}：序列号 ${p.serials} 已注销或抵销（可用 ${p.available}，需要 ${p.amount}）`,
    (p) =>
      `Account ${p.account} tries to use retired ${p.unit}: serials ${p.serials} were retired or offset (available ${p.available}, needed ${p.amount})`,
    () => 'Retirement is final: retired amounts can never be traded, redeemed or reused.',
    () => '注销不可撤销：已注销的数量永远不能再交易、兑换或使用。',
  ),
  LEDGER_EXPIRED: entry<'account' | 'amount' | 'available' | 'unit'>(
    'error',
    (p) => `账户 ${p.account} 试图使用已过期的 ${p.unit}（可用 ${p.available}，需要 ${p.amount}）`,
    (p) =>
      `Account ${p.account} tries to use expired ${p.unit} (available ${p.available}, needed ${p.amount})`,
    () => 'Expired points and unclaimed amounts past their window cannot be used.',
    () => '已过期的积分和超过领取期仍未领取的数量不能使用。',
  ),
  LEDGER_CLAIM_WINDOW: entry<'from' | 'ref' | 'to' | 'ts'>(
    'error',
    (p) => `“${p.ref}”不在领取期内（${p.from} 至 ${p.to}，领取时间 ${p.ts}）`,
    (p) => `"${p.ref}" is outside its claim window (${p.from} to ${p.to}; claimed at ${p.ts})`,
    () => 'Claim after the amount becomes available and before the window closes; afterwards it expires.',
    () => '请在该数量可领取之后、领取期结束之前领取；逾期即过期。',
  ),
  LEDGER_REF_UNKNOWN: entry<'detail' | 'ref'>(
    'error',
    (p) => `引用“${p.ref}”不存在或状态不符（${detailZh(String(p.detail))}）`,
    (p) => `Reference "${p.ref}" is unknown or in the wrong state (${p.detail})`,
    () =>
      'Claim and expire refer to a pending issue (by its ref: the activity’s behaviour id when the activity gave one, else its id) or an expiring lot of the ledger.',
    () =>
      'claim 和 expire 引用的是待领发放（按其 ref：活动给出 behaviour 时为其行为编号，否则为活动编号）或账本中到期的批次。',
  ),
  LEDGER_NOT_DUE: entry<'due' | 'ref' | 'ts'>(
    'error',
    (p) => `“${p.ref}”在 ${p.due} 之前不能过期（条目时间 ${p.ts}）`,
    (p) => `"${p.ref}" cannot expire before ${p.due} (entry time ${p.ts})`,
    () => 'Expire an amount only once its claim window or validity has ended.',
    () => '只有在领取期或有效期结束后才能使其过期。',
  ),
  LEDGER_TIMESTAMP_ORDER: entry<'previous' | 'ts'>(
    'error',
    (p) => `账本条目时间 ${p.ts} 早于上一条 ${p.previous}`,
    (p) => `Ledger entry time ${p.ts} is earlier than the previous entry's ${p.previous}`,
    () => 'The ledger is append-only in time: entries carry non-decreasing timestamps.',
    () => '账本按时间只追加：条目的时间戳不得递减。',
  ),
  LEDGER_HASH_MISMATCH: entry<'partition' | 'seq'>(
    'error',
    (p) => `${partitionOfZh(p.partition)}第 ${p.seq} 条账本条目的哈希不符（条目被修改）`,
    (p) => `Ledger entry ${p.seq}${partitionOfEn(p.partition)}: hash mismatch (the entry was edited)`,
    () => 'The ledger was altered after writing; restore it from a trusted copy.',
    () => '账本在写入后被修改；请从可信副本恢复。',
  ),
  LEDGER_CHAIN_BROKEN: entry<'detail' | 'partition' | 'seq'>(
    'error',
    (p) =>
      `${partitionOfZh(p.partition)}第 ${p.seq} 条账本条目与前一条不衔接（${detailZh(String(p.detail))}）`,
    (p) =>
      `Ledger entry ${p.seq}${partitionOfEn(p.partition)} does not follow the previous one (${p.detail})`,
    () => 'An entry was dropped, inserted or reordered; restore the ledger from a trusted copy.',
    () => '有条目被删除、插入或调换顺序；请从可信副本恢复账本。',
  ),
  LEDGER_HEAD_MISMATCH: entry<'detail'>(
    'error',
    (p) => `账本末端与锚定值不符：${detailZh(String(p.detail))}`,
    (p) => `The ledger head does not match the anchor: ${p.detail}`,
    () => 'Entries at the end were dropped or added since the anchor (count and head hash) was published.',
    () => '自锚定值（条目数和末端哈希）发布以来，账本末尾有条目被删除或添加。',
  ),
  CARBON_ANCHOR_INVALID: entry<'detail' | 'file'>(
    'error',
    (p) => `锚定文件 ${p.file} 无法用于核对：${detailZh(String(p.detail))}`,
    (p) => `The anchor file ${p.file} cannot be checked: ${p.detail}`,
    () =>
      'Give the summary.json of the run that wrote the ledger (its ledger.count and ledger.head), or for --ledger a checkpoint.json (count and head); nothing was verified.',
    () =>
      '请给出写入该账本的那次运行的 summary.json（其 ledger.count 和 ledger.head），或对 --ledger 给出 checkpoint.json（count 和 head）；未核验任何内容。',
  ),
  LEDGER_RECORD_INCOMPLETE: entry<'detail' | 'type'>(
    'error',
    (p) => `${p.type} 登记记录不完整：${detailZh(String(p.detail))}`,
    (p) => `Incomplete ${p.type} record: ${p.detail}`,
    () =>
      'Registry records name what the registry needs in meta: certify (verifier, vintage, methodology, factorSets), retire (beneficiary, purpose), emissions and offset (period), redeem (redemption); see docs/carbon.md (Registry records).',
    () =>
      '登记记录须在 meta 中给出登记所需的信息：certify（verifier、vintage、methodology、factorSets），retire（beneficiary、purpose），emissions 和 offset（period），redeem（redemption）；见 docs/carbon.md（Registry records）。',
  ),
  LEDGER_CERTIFICATION_DUPLICATE: entry<'ref'>(
    'error',
    (p) => `核证编号“${p.ref}”已使用，拒绝重复核证`,
    (p) => `Certification reference "${p.ref}" was already used; a second certification under it is refused`,
    () => 'Each verification report certifies once: give a new certification its own reference.',
    () => '每份核查报告只核证一次：新的核证请使用新的核证编号。',
  ),
  LEDGER_RECORD_DUPLICATE: entry<'ref' | 'type'>(
    'error',
    (p) => `${p.type} 记录编号“${p.ref}”已在账本中，拒绝重复记账（重试的请求？）`,
    (p) =>
      `Record ref "${p.ref}" (${p.type}) is already in the ledger; a second ${p.type} under it (a retried request?) is refused`,
    () =>
      'A redeem, transfer, aggregate, retire or offset ref names one order or operation and is unique per kind: a retry of a record already written needs nothing more; a new one needs its own ref.',
    () =>
      'redeem、transfer、aggregate、retire 或 offset 的 ref 指一笔订单或一次操作，按类型唯一：重试已写入的记录无需再做任何处理；新记录需使用自己的 ref。',
  ),
  LEDGER_SERIAL_MISMATCH: entry<'expected' | 'given'>(
    'error',
    (p) => `序列号区间 ${p.given} 与账本推算的 ${p.expected} 不符`,
    (p) => `Serial numbers ${p.given} differ from ${p.expected}, the range the ledger derives`,
    () =>
      'Serial numbers are derived by the ledger (issued contiguously, moved lowest first): omit meta.serials and the ledger fills it in; a stored entry with another range was altered.',
    () =>
      '序列号由账本推算（发放时连续编号，转移时从最小号起）：省略 meta.serials，由账本填写；已存储的条目若区间不同，则已被修改。',
  ),
  LEDGER_TRANSFER_NOT_ALLOWED: entry<'allowed' | 'ruleSet' | 'unit'>(
    'error',
    (p) => `规则集 ${p.ruleSet} 不允许转让 ${p.unit}（可转让：${p.allowed}）`,
    (p) => `The rule set ${p.ruleSet} does not allow transferring ${p.unit} (transferable: ${p.allowed})`,
    (p) =>
      p.unit === 'point'
        ? 'Points are a non-tradable reward unless the rule set lists "point" in transferable; redeem them against the catalogue instead.'
        : `${p.unit} moves only where the rule set lists it in transferable: add it in a new version of the rule set if the scheme allows such transfers.`,
    (p) =>
      p.unit === 'point'
        ? '除非规则集在 transferable 中列出“point”，积分是不可交易的奖励；请改为按兑换目录兑换。'
        : `只有规则集在 transferable 中列出 ${p.unit} 时才能转让它：若本方案允许此类转让，请在规则集的新版本中加入。`,
  ),
  LEDGER_REDEMPTION_UNKNOWN: entry<'allowed' | 'item' | 'ruleSet'>(
    'error',
    (p) =>
      `兑换项“${p.item}”不在规则集 ${noneZh(String(p.ruleSet))} 的兑换目录中（目录：${p.allowed === '(empty)' ? '空' : p.allowed}）`,
    (p) =>
      `Redemption "${p.item}" is not in the catalogue of the rule set ${p.ruleSet} (catalogue: ${p.allowed})`,
    () => 'Name a redemptions[] item of the rule set in meta.redemption; add the item to the rule set first.',
    () => '请在 meta.redemption 中指定规则集 redemptions[] 中的兑换项；请先将该兑换项加入规则集。',
  ),
  LEDGER_REDEMPTION_AMOUNT: entry<'amount' | 'expected' | 'item' | 'points' | 'quantity'>(
    'error',
    (p) => `兑换“${p.item}”× ${p.quantity} 需 ${p.expected} 积分（每份 ${p.points}），条目为 ${p.amount}`,
    (p) =>
      `Redemption "${p.item}" × ${p.quantity} costs ${p.expected} points (${p.points} each); the entry debits ${p.amount}`,
    () => 'A redemption debits the catalogue price times meta.quantity (default 1), no more and no less.',
    () => '兑换扣减的数量为目录价格乘以 meta.quantity（默认为 1），不多也不少。',
  ),
  LEDGER_OFFSET_NOT_ALLOWED: entry<'ruleSet'>(
    'error',
    (p) => `规则集 ${p.ruleSet} 未规定抵销比例上限，拒绝抵销`,
    (p) => `The rule set ${p.ruleSet} states no offset share cap; offsetting is refused`,
    () => "Offsetting needs the rule set's offsets.maxShare (with its source and grade).",
    () => '抵销需要规则集的 offsets.maxShare（及其来源和等级）。',
  ),
  LEDGER_EMISSIONS_UNKNOWN: entry<'enterprise' | 'period'>(
    'error',
    (p) => `企业 ${p.enterprise} 没有 ${p.period} 年的排放记录，无法抵销`,
    (p) => `Enterprise ${p.enterprise} has no emissions record for ${p.period}; nothing to offset against`,
    () => 'Append its verified emissions for the period (an emissions entry) before offsetting.',
    () => '抵销之前，请先追加该企业该年度经核查的排放量（一条 emissions 条目）。',
  ),
  LEDGER_EMISSIONS_DUPLICATE: entry<'enterprise' | 'period'>(
    'error',
    (p) => `企业 ${p.enterprise} 已有 ${p.period} 年的排放记录，拒绝重复记录`,
    (p) =>
      `Enterprise ${p.enterprise} already has an emissions record for ${p.period}; a second one is refused`,
    () => 'One verified emissions figure per enterprise and period: the offset share cap is computed on it.',
    () => '每个企业每个年度只有一个经核查的排放量：抵销比例上限据此计算。',
  ),
  LEDGER_OFFSET_CAP: entry<'amount' | 'cap' | 'emissions' | 'enterprise' | 'period' | 'share' | 'used'>(
    'error',
    (p) =>
      `企业 ${p.enterprise} ${p.period} 年抵销超过上限：排放 ${p.emissions} g × 比例 ${p.share} = ${p.cap} g，已抵销 ${p.used} g，本次 ${p.amount} g`,
    (p) =>
      `Offset cap exceeded for ${p.enterprise} in ${p.period}: emissions ${p.emissions} g × share ${p.share} = ${p.cap} g, ${p.used} g already offset, ${p.amount} g more requested`,
    () => "Offset at most the rule set's share of the recorded emissions for the period (offsets.maxShare).",
    () => '抵销量至多为该年度已记录排放量乘以规则集规定的比例（offsets.maxShare）。',
  ),
  LEDGER_RULES_MISMATCH: entry<'expected' | 'given'>(
    'error',
    (p) =>
      `条目按规则集 ${ruleRefZh(String(p.given))} 写入，当前账本规则集为 ${ruleRefZh(String(p.expected))}`,
    (p) => `The entry was written under the rule set ${p.given}; the ledger runs under ${p.expected}`,
    () =>
      'Replay or continue a ledger with the rule set its redeem, transfer and offset entries name (meta.ruleSet; --rules once per version). A verification stops judging that chain at this entry: the entries after it are checked for their chain and hashes only, and the balances shown are those before it.',
    () =>
      '重放或续写账本时，请使用其 redeem、transfer 和 offset 条目所记的规则集（meta.ruleSet；每个版本给一次 --rules）。核验在此条目处停止判断该链：其后的条目只核验链接与哈希，所示余额为此条目之前的余额。',
  ),
  LEDGER_RULES_CHANGED: entry<'given' | 'recorded' | 'ruleSet'>(
    'error',
    (p) =>
      `规则集 ${p.ruleSet} 的内容与本账本以同一编号和版本记录的不同（账本记录 ${p.recorded}，给定 ${p.given}）`,
    (p) =>
      `The rule set ${p.ruleSet} differs from the one this ledger recorded under that id and version (recorded ${p.recorded}, given ${p.given})`,
    () =>
      'A rule set whose content changes needs a new version: raise "version" in the rule set file, or run with the rule set the ledger recorded.',
    () => '规则集内容改变时需要新版本：请提高规则集文件中的“version”，或使用账本记录的规则集运行。',
  ),
  LEDGER_RULES_REQUIRED: entry<'recorded'>(
    'error',
    (p) => `该账本已按规则集 ${p.recorded} 记账，续写时必须给出规则集`,
    (p) =>
      `This ledger has booked under the rule set ${p.recorded}: a run that continues it needs a rule set`,
    (p) =>
      `Give the rule set (--rules, or rules: in the options), ${p.recorded} or a newer version: without one a run would pay no points, apply no caps, and overwrite the users' cap and point counters, so that a later run credits over the caps. Nothing was booked.`,
    (p) =>
      `请给出规则集（--rules，或选项中的 rules），即 ${p.recorded} 或其更新版本：不给规则集的运行不发积分、不执行上限，并会覆盖用户的上限与积分计数，使之后的运行超限记入。本次未记账。`,
  ),
  LEDGER_STORE_CONFLICT: entry<'detail'>(
    'error',
    (p) => `账本存储拒绝写入：${detailZh(String(p.detail))}`,
    (p) => `The ledger store refused the append: ${p.detail}`,
    () =>
      'Another writer appended first, or an activity or certification reference is already recorded: reopen the ledger and process the lines again (those already recorded are refused as duplicates).',
    () =>
      '另有写入者先追加了条目，或某活动或核证编号已记录：请重新打开账本并再次处理这些行（已记录的会作为重复被拒绝）。',
  ),
  LEDGER_AUDIT_LOCKED: entry<'file' | 'holder' | 'lock'>(
    'error',
    (p) => `操作审计记录 ${p.file} 正由另一进程写入（${p.holder}）`,
    (p) => `The operator audit trail ${p.file} is being written by another process (${p.holder})`,
    (p) =>
      `One server appends to one trail, which is a hash chain: stop the other gepkit serve on this --ledger, or give this one its own --audit FILE. If no process holds it (a server killed on another machine), delete ${p.lock}.`,
    (p) =>
      `一份审计记录只能由一个服务写入（它是哈希链）：请停止在此 --ledger 上运行的另一个 gepkit serve，或用 --audit FILE 为本服务另给一份记录。若已无进程持有（另一台机器上被终止的服务），请删除 ${p.lock}。`,
  ),
  LEDGER_STORE_INVALID: entry<'detail'>(
    'error',
    (p) => `账本存储无法使用或与条目不符：${detailZh(String(p.detail))}`,
    (p) => `The ledger store cannot be used or disagrees with its entries: ${p.detail}`,
    () =>
      'The store is damaged, of another format, or its derived state (balances, lots, pending claims) does not replay from its entries: restore it from a copy, or rebuild the state by replaying the entries.',
    () =>
      '存储已损坏、格式不同，或其派生状态（余额、批次、待领记录）无法由其条目重放得出：请从副本恢复，或通过重放条目重建状态。',
  ),
  LEDGER_CAP_EXCEEDED: entry<'account' | 'cap' | 'capZh' | 'issued' | 'issuedZh' | 'period'>(
    'error',
    (p) => `账户 ${p.account} 的条目在 ${p.period} 超出上限 ${p.capZh}：${p.issuedZh}`,
    (p) => `The entries of ${p.account} break the cap ${p.cap} in ${p.period}: ${p.issued}`,
    () =>
      'A batch under this rule set never issues past a cap: the ledger was written under another rule set (give the one it was written under), or its entries were altered.',
    () =>
      '按此规则集运行的批处理从不超过上限发放：该账本是按另一规则集写入的（请给出写入时的规则集），或其条目已被修改。',
  ),
  LEDGER_LATE_ENTRY: entry<'account' | 'latest' | 'ts' | 'window'>(
    'error',
    (p) =>
      `账户 ${p.account} 的条目活动时间 ${p.ts} 早于其此前条目的最近活动时间 ${p.latest} 超过迟到窗口 ${p.window} 小时，批处理本应拒绝`,
    (p) =>
      `An entry of ${p.account} has the activity time ${p.ts}, more than the late window of ${p.window} h before the latest of its earlier entries ${p.latest}: a batch would have refused it`,
    () =>
      'The ledger was written under another rule set (another lateWindowHours), or its entries were altered or reordered.',
    () => '该账本是按另一规则集（另一 lateWindowHours）写入的，或其条目被修改或调换了顺序。',
  ),
  LEDGER_USER_STATE_INVALID: entry<'account' | 'detail'>(
    'error',
    (p) =>
      `账户 ${p.account} 存储的规则状态（上限计数、积分日合计、结转余量）与条目不符：${detailZh(String(p.detail))}`,
    (p) =>
      `The stored rule state of ${p.account} (cap counters, point totals, carried remainder) disagrees with the entries: ${p.detail}`,
    () =>
      'The user record or remainder was altered or written by a faulty run: re-execute the inputs (`gepkit carbon verify --ledger … --activities …`) to find what it should hold, and restore the store from a copy.',
    () =>
      '用户记录或结转余量被修改，或由出错的运行写入：请重新执行输入（`gepkit carbon verify --ledger … --activities …`）以得出其应有的值，并从副本恢复存储。',
  ),
  LEDGER_AUDIT_MISMATCH: entry<'detail'>(
    'error',
    (p) => `重新执行输入得到的账本与存储不符：${detailZh(String(p.detail))}`,
    (p) => `Re-executing the inputs gives another ledger than the store holds: ${p.detail}`,
    () =>
      'Give the inputs of every run in the order they ran, with the same rule set, factor sets, methodologies and --now; if they are the inputs, the store was altered.',
    () =>
      '请按运行顺序给出每次运行的输入，并使用相同的规则集、因子集、方法学和 --now；若确为当时的输入，则存储已被修改。',
  ),
  LEDGER_SIGNATURE_INVALID: entry<'count' | 'detail'>(
    'error',
    (p) => `第 ${p.count} 条处的签名检查点无效：${detailZh(String(p.detail))}`,
    (p) => `The signed checkpoint at ${p.count} entries is not valid: ${p.detail}`,
    () =>
      'Either the checkpoint was signed with another key than the one you trust (check the public key file), or it was not signed by the key it names, or the ledger head at that count differs; in the last two cases the ledger or the checkpoint was altered.',
    () =>
      '可能是检查点的签名密钥不是您信任的密钥（请检查公钥文件），或并非由其所称的密钥签名，或账本在该条目数处的末端不同；后两种情况说明账本或检查点已被修改。',
  ),
  LEDGER_CHECKPOINT_MISSING: entry<'count'>(
    'error',
    (p) => `给出了公钥，但账本（${p.count} 条）没有签名检查点，也未给出 --anchor：没有任何内容经该公钥验证`,
    (p) =>
      `A public key was given, but the ledger (${p.count} entries) has no signed checkpoint and no anchor was given: nothing was verified by that key`,
    () =>
      'Sign the runs with --sign-key (each run then stores a checkpoint of the head it leaves), or give the published checkpoint with --anchor; without --public-key the chain is verified without signatures.',
    () =>
      '请用 --sign-key 为运行签名（每次运行随后会为其留下的末端存储一个检查点），或用 --anchor 给出已发布的检查点；不给 --public-key 时，哈希链的核验不含签名。',
  ),
  LEDGER_CHECKPOINT_KEPT: entry<'count' | 'given' | 'kept'>(
    'warning',
    (p) =>
      `账本在 ${p.count} 条处已存有签名检查点（公钥 ${p.kept}），予以保留；本次运行的检查点（公钥 ${p.given}）只写入摘要和 checkpoint.json，不存入账本`,
    (p) =>
      `A signed checkpoint at ${p.count} entries is stored already (key ${p.kept}) and is kept; this run's checkpoint (key ${p.given}) is in the summary and checkpoint.json, not in the ledger`,
    () =>
      "A stored checkpoint is never replaced (a rerun that appends nothing signs the same head again). Publish this run's checkpoint.json if the new key is the one to trust from now on, and verify with every key the ledger was signed with: --public-key old.pem --public-key new.pem.",
    () =>
      '已存储的检查点不会被替换（未追加任何条目的重复运行会对同一末端再次签名）。若今后应信任新密钥，请发布本次运行的 checkpoint.json，并用账本签名所用的每一个公钥核验：--public-key old.pem --public-key new.pem。',
  ),
  LEDGER_KEY_INVALID: entry<'detail' | 'key'>(
    'error',
    (p) => `${p.key === 'public' ? '公钥' : '签名私钥'}无法使用：${keyDetailZh(String(p.detail))}`,
    (p) => `The ${p.key === 'public' ? 'public' : 'signing'} key cannot be used: ${p.detail}`,
    (p) =>
      p.key === 'public'
        ? 'Give the Ed25519 public key in PEM (SPKI, "-----BEGIN PUBLIC KEY-----"), e.g. `openssl pkey -in key.pem -pubout`.'
        : 'Give an Ed25519 private key in PEM (PKCS#8, "-----BEGIN PRIVATE KEY-----"), e.g. `openssl genpkey -algorithm ed25519`.',
    (p) =>
      p.key === 'public'
        ? '请给出 PEM 格式（SPKI，“-----BEGIN PUBLIC KEY-----”）的 Ed25519 公钥，例如 `openssl pkey -in key.pem -pubout`'
        : '请给出 PEM 格式（PKCS#8，“-----BEGIN PRIVATE KEY-----”）的 Ed25519 私钥，例如 `openssl genpkey -algorithm ed25519`',
  ),
  LEDGER_PARTITIONS_INVALID: entry<'detail'>(
    'error',
    (p) => `账本分区无效：${detailZh(String(p.detail))}`,
    (p) => `Invalid ledger partitions: ${p.detail}`,
    () =>
      'A ledger has a whole number of partitions from 1 to 4096 (--partitions), numbered from 0; a run holds partitions of its ledger only.',
    () =>
      '账本的分区数为 1 至 4096 之间的整数（--partitions），从 0 开始编号；一次运行只持有其所属账本的分区。',
  ),
  LEDGER_PARTITIONS_MISMATCH: entry<'given' | 'stored'>(
    'error',
    (p) => `该账本建立时分为 ${p.stored} 个分区，不能以 ${p.given} 个分区打开`,
    (p) => `The ledger was created with ${p.stored} partitions; it cannot be opened with ${p.given}`,
    () =>
      'The number of partitions is fixed when a ledger is created: open it without --partitions (or with the stored number), or create a new ledger.',
    () => '分区数在账本创建时即已确定：请不带 --partitions（或按存储的分区数）打开，或新建账本。',
  ),
  LEDGER_PARTITION_CROSSING: entry<'home' | 'name' | 'partition' | 'subject'>(
    'error',
    (p) =>
      p.subject === 'run'
        ? `该记录从分区 ${p.partition} 转入分区 ${p.home} 的账户 ${p.name}，而本次运行未持有分区 ${p.home}：跨分区记录的两条分录须一起追加`
        : `${p.subject === 'user' ? '用户' : '账户'} ${p.name} 属于分区 ${p.home}，而该行记在分区 ${p.partition}：一行不能涉及另一分区的状态`,
    (p) =>
      p.subject === 'run'
        ? `The record moves from partition ${p.partition} to the account ${p.name} of partition ${p.home}, which this run does not hold: both legs of a record crossing partitions are appended together`
        : `The ${p.subject} ${p.name} belongs to partition ${p.home}, the line is booked in partition ${p.partition}: a line may not touch the state of another partition`,
    (p) =>
      p.subject === 'run'
        ? `Run the records that cross partitions with a writer holding both partitions: StoredBatch.open(store, { only: [${p.partition}, ${p.home}] }), or every partition (gepkit carbon --ledger … without --queue, whose jobs hold one partition each). The line was not booked. docs/carbon.md (Partitions).`
        : "With several partitions a line touches the accounts of one partition only (a user's account user:<id> is in the user's partition, every other account in partition 0); only a transfer or an aggregate moves between partitions, booked as two legs: book a certification or offset from the enterprise's account after aggregating into it, or keep the ledger in one partition (--partitions 1). docs/carbon.md (Partitions).",
    (p) =>
      p.subject === 'run'
        ? `请用同时持有这两个分区的写入者处理跨分区的记录：StoredBatch.open(store, { only: [${p.partition}, ${p.home}] })，或用持有全部分区的写入者（不带 --queue 的 gepkit carbon --ledger …；--queue 的每个任务只持有一个分区）。该行未记账。参见 docs/carbon.md（Partitions）。`
        : '有多个分区时，一行只能涉及同一分区的账户（用户账户 user:<id> 在该用户的分区，其他账户都在分区 0）；只有 transfer 或 aggregate 可跨分区，按两条分录记账：请先 aggregate 到企业账户，再从该账户记核证或抵销，或让账本只有一个分区（--partitions 1）。参见 docs/carbon.md（Partitions）。',
  ),
  LEDGER_LEG_UNMATCHED: entry<'leg' | 'members' | 'otherPartition' | 'otherSeq' | 'partition' | 'seq'>(
    'error',
    (p) =>
      `分区 ${p.partition} 的第 ${p.seq} 条账本条目是跨分区记录的${p.leg === 'debit' ? '借方' : '贷方'}分录，` +
      (p.members === ''
        ? `但分区 ${p.otherPartition} 的第 ${p.otherSeq} 条不是与之配对的${p.leg === 'debit' ? '贷方' : '借方'}分录（分录缺失）`
        : `与其${p.leg === 'debit' ? '贷方' : '借方'}分录（分区 ${p.otherPartition} 的第 ${p.otherSeq} 条）在 ${p.members} 上不一致（分录被修改）`),
    (p) =>
      `Ledger entry ${p.seq} of partition ${p.partition} is the ${p.leg} leg of a record crossing partitions, ` +
      (p.members === ''
        ? `but entry ${p.otherSeq} of partition ${p.otherPartition} is not its ${p.leg === 'debit' ? 'credit' : 'debit'} leg (a leg is missing)`
        : `and its ${p.leg === 'debit' ? 'credit' : 'debit'} leg, entry ${p.otherSeq} of partition ${p.otherPartition}, differs in ${p.members} (a leg was altered)`),
    () =>
      'Both legs of a record crossing partitions are appended together and carry the same time, amount, unit, accounts, ref, lots and meta (serials included): a missing or altered leg means the store was edited after writing. Restore the ledger from a trusted copy, or rebuild it by re-executing its inputs. docs/carbon.md (Verify).',
    () =>
      '跨分区记录的两条分录一起追加，且时间、数量、单位、账户、ref、lots 和 meta（含 serials）均相同：分录缺失或被修改，说明存储在写入后被编辑过。请从可信副本恢复账本，或重新执行其输入以重建账本。参见 docs/carbon.md（Verify）。',
  ),
  CARBON_LEDGER_EXISTS: entry<'dir'>(
    'error',
    (p) => `输出目录 ${p.dir} 已有账本，拒绝覆盖`,
    (p) => `The output directory ${p.dir} already holds a ledger; refusing to overwrite it`,
    () =>
      'Give a new directory, continue the ledger with --ledger DIR, or pass --force to replace it (the old ledger is lost).',
    () => '请指定新目录，或用 --ledger DIR 续写该账本，或加 --force 替换它（旧账本将丢失）。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type CarbonErrorCode = keyof typeof CARBON_ERRORS;

/** Build and throw issues of this catalogue. */
// Declared with their type so that TypeScript treats a call of `carbonFail` as never returning.
const builders: IssueBuilders<typeof CARBON_ERRORS> = issuesOf(CARBON_ERRORS);
export const carbonIssue: IssueBuilders<typeof CARBON_ERRORS>['issue'] = builders.issue;
export const carbonFail: IssueBuilders<typeof CARBON_ERRORS>['fail'] = builders.fail;

/** The fallback of `fromZodIssues` for a carbon schema: its problems carry this module's code. */
export const carbonZodFallback =
  (
    code:
      | 'CARBON_ACTIVITY_INVALID'
      | 'CARBON_FACTORS_INVALID'
      | 'CARBON_RULES_INVALID'
      | 'CARBON_METHODOLOGY_INVALID',
  ) =>
  (path: Path, detail: string): Issue =>
    carbonIssue(code, path, { detail });
