/**
 * Error codes of the job queue (src/queue): this module's own catalogue, in the form core/catalogue.ts describes;
 * src/errors.ts composes it with the others for the CLI and docs/errors.md.
 */
import {
  type CatalogueEntry,
  type IssueBuilders,
  detailZhOf,
  entry,
  issuesOf,
  ownValue,
} from '../core/catalogue';
import { fileDetailZh } from '../core/errors';

/** Kept as written: a cause gepkit does not write (the system's, a server's). */
const asWritten = (d: string) => d;

/**
 * A spool file's hash that is not the job's, a balances file's accounts out of order (balances.ts), or the cause of
 * a file that cannot be read, in Chinese.
 */
const spoolDetailZh = detailZhOf(
  {},
  [
    [/^sha256 (\S+), the job names (\S+)$/, (m) => `sha256 为 ${m[1]}，任务记录的是 ${m[2]}`],
    [
      /^line (\d+): account (".*") is not after (".*")$/s,
      (m) => `第 ${m[1]} 行：账户 ${m[2]} 没有排在 ${m[3]} 之后`,
    ],
  ],
  fileDetailZh,
);

/** Why a queue address is refused (url.ts), in Chinese; any other detail is kept. */
const urlDetailZh = detailZhOf(
  {
    'not a URL': '不是有效的 URL',
    'no host': '缺少主机名',
    'query strings and fragments are not read': '不读取查询字符串和片段（? 与 #）',
  },
  [
    [/^scheme (\S*) is not redis: or rediss:$/, (m) => `协议 ${m[1]} 不是 redis: 或 rediss:`],
    [/^the path must be a database number, got (.*)$/s, (m) => `路径必须是数据库编号，实际为 ${m[1]}`],
  ],
  asWritten,
);

/**
 * A server that does not answer in time, hangs up or is not Redis (connection-node.ts), in Chinese; the system's cause
 * is kept.
 */
const unreachableZh = detailZhOf(
  { 'the server closed the connection without answering PING': '服务器未应答 PING 就关闭了连接' },
  [
    [/^no answer within (\d+) ms$/, (m) => `${m[1]} ms 内没有应答`],
    // the server's own words are kept
    [/^the server answered (.*)$/s, (m) => `服务器答复 ${m[1]}`],
    [/^not a Redis server: it answered (.*)$/s, (m) => `不是 Redis 服务器：它答复 ${m[1]}`],
  ],
  asWritten,
);

/** Why an option's value is refused (cli/worker.ts, run-node.ts), in Chinese; any other detail is kept. */
const optionDetailZh = detailZhOf(
  {},
  [
    [
      /^a whole number from (\d+) to (\d+), got (.*)$/s,
      (m) => `应为 ${m[1]} 至 ${m[2]} 之间的整数，实际为 ${m[3]}`,
    ],
    [
      /^letters, digits, _ and - only, at most 64 characters: (.*)$/s,
      (m) => `只能包含字母、数字、_ 和 -，至多 64 个字符：${m[1]}`,
    ],
  ],
  asWritten,
);

/** Why a worker cannot sign in to the ledger (ledger-auth.ts), in Chinese; the server's message is kept. */
const authDetailZh = detailZhOf(
  {
    'the server asks for a password and the worker has none (no PGPASSWORD, no matching line in its password file)':
      '服务器要求密码，而工作进程没有（没有 PGPASSWORD，密码文件中也没有匹配的行）',
  },
  [[/^the server refused the password: (.*)$/s, (m) => `服务器拒绝了密码：${m[1]}`]],
  asWritten,
);

/** What a run's hashes cover, as QUEUE_RUN_MISMATCH names them. */
const WHAT_EN: Record<string, string> = {
  gepkit: 'gepkit code (another version)',
  config: 'configuration',
  layers: 'layer files',
  input: 'input',
  partitions: 'partitions',
};
const WHAT_ZH: Record<string, string> = {
  gepkit: 'gepkit 版本',
  config: '配置',
  layers: '图层文件',
  input: '输入',
  partitions: '分区数',
};

export const QUEUE_ERRORS = {
  QUEUE_URL_INVALID: entry<'detail' | 'url'>(
    'error',
    (p) => `队列地址 ${p.url} 无效：${urlDetailZh(String(p.detail))}`,
    (p) => `Invalid queue address ${p.url}: ${p.detail}`,
    () => 'Give the Redis server as redis://host:port or redis://host:port/db (rediss:// for TLS).',
    () => '请以 redis://host:port 或 redis://host:port/db 的形式给出 Redis 服务器（TLS 使用 rediss://）。',
  ),
  QUEUE_UNREACHABLE: entry<'detail' | 'url'>(
    'error',
    (p) => `无法连接队列服务器 ${p.url}：${unreachableZh(String(p.detail))}`,
    (p) => `Cannot reach the queue server ${p.url}: ${p.detail}`,
    () =>
      'Start Redis (apt-get install -y redis-server; redis-server --port P --bind 127.0.0.1) and check host, port and password.',
    () =>
      '请启动 Redis（apt-get install -y redis-server；redis-server --port P --bind 127.0.0.1），并检查主机、端口和密码。',
  ),
  QUEUE_OPTION_INVALID: entry<'detail' | 'option'>(
    'error',
    (p) => `选项 --${p.option} 无效：${optionDetailZh(String(p.detail))}`,
    (p) => `Invalid option --${p.option}: ${p.detail}`,
    () => 'See gepkit worker --help (or the command’s own --help) for the accepted values.',
    () => '可接受的取值见 gepkit worker --help（或该命令自身的 --help）。',
  ),
  QUEUE_JOB_FAILED: entry<'attempts' | 'detail' | 'detailZh' | 'job'>(
    'error',
    (p) => `队列任务 ${p.job} 在 ${p.attempts} 次尝试后失败：${p.detailZh}`,
    (p) => `Queue job ${p.job} failed after ${p.attempts} attempt(s): ${p.detail}`,
    () =>
      'A data error fails once and is not retried: fix the input named in the error and start a new run. Other errors are retried; the detail gives the last one.',
    () =>
      '数据错误只失败一次，不会重试：请修正错误中指出的输入，然后开始新的运行。其他错误会重试；详情给出的是最后一次的错误。',
  ),
  QUEUE_RUN_LOST: entry<'job' | 'run'>(
    'error',
    (p) => `队列服务器上已没有运行 ${p.run} 的任务 ${p.job}：该运行的队列已丢失`,
    (p) => `The queue server no longer holds job ${p.job} of run ${p.run}: the run's queue is lost`,
    () =>
      'Redis lost the run’s jobs (restarted without persistence, emptied, or evicting keys): the run cannot be resumed. Start it again without --run-id; a carbon run’s spool folder (<spool>/<run id>) has been removed. Keep Redis up, with maxmemory-policy noeviction, for as long as a run lasts.',
    () =>
      'Redis 丢失了该运行的任务（未开启持久化时重启、被清空或正在淘汰键）：该运行无法续算。请不带 --run-id 重新开始运行；碳运算的分区文件目录（<spool>/<运行编号>）已删除。在运行期间请保持 Redis 运行，并设置 maxmemory-policy noeviction。',
  ),
  QUEUE_RUN_MISMATCH: entry<'run' | 'what'>(
    'error',
    (p) => `运行 ${p.run} 启动时的${ownValue(WHAT_ZH, String(p.what)) ?? p.what}与本次不同，不能续算`,
    (p) =>
      `Run ${p.run} was started with other ${ownValue(WHAT_EN, String(p.what)) ?? p.what}; it cannot be resumed with these inputs`,
    () =>
      'Resume a run with the configuration and layers it started with, or leave out --run-id to start a new run.',
    () => '续算时请使用该运行启动时的配置和图层，或省略 --run-id 以开始新的运行。',
  ),
  QUEUE_SPOOL_INVALID: entry<'detail' | 'file'>(
    'error',
    (p) => `分区文件 ${p.file} 缺失或已改变：${spoolDetailZh(String(p.detail))}`,
    (p) => `The spool file ${p.file} is missing or changed: ${p.detail}`,
    () =>
      'The spool holds each partition’s lines as the coordinator wrote them, on a folder every worker sees (--spool): check that the workers see it at the same path, and start the run again.',
    () =>
      '分区文件目录按协调进程写出的原样保存每个分区的行，它位于每个工作进程都能访问的文件夹中（--spool）：请检查各工作进程是否以相同路径访问该文件夹，然后重新开始运行。',
  ),
  QUEUE_LEDGER_AUTH: entry<'detail' | 'url'>(
    'error',
    (p) => `工作进程无法登录账本数据库 ${p.url}：${authDetailZh(String(p.detail))}`,
    (p) => `The worker cannot sign in to the ledger database ${p.url}: ${p.detail}`,
    () =>
      'Jobs carry the ledger URL without its password (docs/queue.md): give each worker the password as PostgreSQL clients find it, in its environment (PGPASSWORD=… gepkit worker --queue redis://…) or as a line host:port:database:user:password in its password file (PGPASSFILE, default ~/.pgpass, mode 0600), then resume the run with --run-id. The job is not retried until then.',
    () =>
      '任务携带的账本 URL 不含密码（docs/queue.md）：请按 PostgreSQL 客户端查找密码的方式为每个工作进程提供密码，即放在其环境变量中（PGPASSWORD=… gepkit worker --queue redis://…），或作为一行 host:port:database:user:password 写入其密码文件（PGPASSFILE，默认 ~/.pgpass，权限 0600），然后用 --run-id 续算该运行。在此之前该任务不会重试。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

/** Build and throw issues of this catalogue. */
// Declared with their type so that TypeScript treats a call of `queueFail` as never returning.
const builders: IssueBuilders<typeof QUEUE_ERRORS> = issuesOf(QUEUE_ERRORS);
export const queueIssue: IssueBuilders<typeof QUEUE_ERRORS>['issue'] = builders.issue;
export const queueFail: IssueBuilders<typeof QUEUE_ERRORS>['fail'] = builders.fail;
