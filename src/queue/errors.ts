/**
 * Error codes of the job queue (src/queue): this module's own catalogue, in the form core/catalogue.ts describes;
 * src/errors.ts composes it with the others for the CLI and docs/errors.md.
 */
import { type CatalogueEntry, type IssueBuilders, entry, issuesOf } from '../core/catalogue';
import { fileDetailZh } from '../core/errors';

/** A spool file's hash that is not the job's, or the cause of a file that cannot be read, in Chinese. */
function spoolDetailZh(detail: string): string {
  const m = /^sha256 (\S+), the job names (\S+)$/.exec(detail);
  return m === null ? fileDetailZh(detail) : `sha256 为 ${m[1]}，任务记录的是 ${m[2]}`;
}

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
    (p) => `队列地址 ${p.url} 无效：${p.detail}`,
    (p) => `Invalid queue address ${p.url}: ${p.detail}`,
    () => 'Give the Redis server as redis://host:port or redis://host:port/db (rediss:// for TLS).',
  ),
  QUEUE_UNREACHABLE: entry<'detail' | 'url'>(
    'error',
    (p) => `无法连接队列服务器 ${p.url}：${p.detail}`,
    (p) => `Cannot reach the queue server ${p.url}: ${p.detail}`,
    () =>
      'Start Redis (apt-get install -y redis-server; redis-server --port P --bind 127.0.0.1) and check host, port and password.',
  ),
  QUEUE_OPTION_INVALID: entry<'detail' | 'option'>(
    'error',
    (p) => `选项 --${p.option} 无效：${p.detail}`,
    (p) => `Invalid option --${p.option}: ${p.detail}`,
    () => 'See gepkit worker --help (or the command’s own --help) for the accepted values.',
  ),
  QUEUE_JOB_FAILED: entry<'attempts' | 'detail' | 'job'>(
    'error',
    (p) => `队列任务 ${p.job} 在 ${p.attempts} 次尝试后失败：${p.detail}`,
    (p) => `Queue job ${p.job} failed after ${p.attempts} attempt(s): ${p.detail}`,
    () =>
      'A data error fails once and is not retried: fix the input named in the error and start a new run. Other errors are retried; the detail gives the last one.',
  ),
  QUEUE_RUN_MISMATCH: entry<'run' | 'what'>(
    'error',
    (p) => `运行 ${p.run} 启动时的${WHAT_ZH[String(p.what)] ?? p.what}与本次不同，不能续算`,
    (p) =>
      `Run ${p.run} was started with other ${WHAT_EN[String(p.what)] ?? p.what}; it cannot be resumed with these inputs`,
    () =>
      'Resume a run with the configuration and layers it started with, or leave out --run-id to start a new run.',
  ),
  QUEUE_SPOOL_INVALID: entry<'detail' | 'file'>(
    'error',
    (p) => `分区文件 ${p.file} 缺失或已改变：${spoolDetailZh(String(p.detail))}`,
    (p) => `The spool file ${p.file} is missing or changed: ${p.detail}`,
    () =>
      'The spool holds each partition’s lines as the coordinator wrote them, on a folder every worker sees (--spool): check that the workers see it at the same path, and start the run again.',
  ),
  QUEUE_LEDGER_AUTH: entry<'detail' | 'url'>(
    'error',
    (p) => `工作进程无法登录账本数据库 ${p.url}：${p.detail}`,
    (p) => `The worker cannot sign in to the ledger database ${p.url}: ${p.detail}`,
    () =>
      'Jobs carry the ledger URL without its password (docs/queue.md): give each worker the password as PostgreSQL clients find it, in its environment (PGPASSWORD=… gepkit worker --queue redis://…) or as a line host:port:database:user:password in its password file (PGPASSFILE, default ~/.pgpass, mode 0600), then resume the run with --run-id. The job is not retried until then.',
  ),
} as const satisfies Record<string, CatalogueEntry>;

/** Build and throw issues of this catalogue. */
// Declared with their type so that TypeScript treats a call of `queueFail` as never returning.
const builders: IssueBuilders<typeof QUEUE_ERRORS> = issuesOf(QUEUE_ERRORS);
export const queueIssue: IssueBuilders<typeof QUEUE_ERRORS>['issue'] = builders.issue;
export const queueFail: IssueBuilders<typeof QUEUE_ERRORS>['fail'] = builders.fail;
