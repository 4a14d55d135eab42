/**
 * Error codes of the HTTP service (`gepkit serve`): this module's own catalogue, in the form core/catalogue.ts
 * describes; src/errors.ts composes it with the others for the CLI and docs/errors.md. Each code has the HTTP
 * status it is answered with (problem.ts).
 */
import { type CatalogueEntry, type IssueBuilders, entry, issuesOf } from '../core/catalogue';
import { invalidDetailZh } from '../core/errors';

/** The fixed details of SERVE_PARAM_INVALID the routes and their query schemas write, in Chinese. */
const PARAM_FIXED_ZH: Readonly<Record<string, string>> = {
  'this server keeps no index on disk': '本服务器不在磁盘上保存索引',
  'an object with the two results as a and b': '应为以 a 和 b 给出两个核算结果的对象',
  'an object with the two years as before and after': '应为以 before 和 after 给出两个年份的对象',
  'an anchor needs both count and head': '锚定值需要同时给出 count 和 head',
  // The query schemas' own messages (routes/shared.ts int and natural, routes/carbon.ts head).
  'an integer of at most 15 digits': '应为至多 15 位数字的整数',
  'a whole number ≥ 0 of at most 15 digits': '应为至多 15 位数字的非负整数',
  'a SHA-256 hash: 64 lower-case hexadecimal digits': '应为 SHA-256 哈希值：64 位小写十六进制数字',
  'required, and not given': '必须给出，但未给出',
  'a percent-encoded path whose escapes are no UTF-8 text': '路径中的百分号编码解码后不是 UTF-8 文本',
};

/**
 * The Chinese of a SERVE_PARAM_INVALID detail: the routes' own forms, or a query schema's problem (zod's message) in
 * invalidDetailZh's forms; any other detail is kept as it is.
 */
function paramDetailZh(detail: string): string {
  if (Object.hasOwn(PARAM_FIXED_ZH, detail)) return PARAM_FIXED_ZH[detail] as string;
  let m = /^table applies to format=csv or md \(one table\), not (.+)$/.exec(detail);
  if (m !== null) return `table 仅适用于 format=csv 或 md（单个表），不适用于 ${m[1]}`;
  m = /^between 2 and (\S+) on this server, got (.+)$/.exec(detail);
  if (m !== null) return `本服务器上应在 2 与 ${m[1]} 之间，实际为 ${m[2]}`;
  const en = detail.replace('Invalid input: ', '');
  const zh = invalidDetailZh(en);
  return zh === en ? detail : zh;
}

/**
 * The Chinese of a SERVE_KEYS_INVALID detail as keys.ts writes it: an id or a key given twice, or the first schema
 * problem (`<path>: <zod's message>`, the path "(root)" for the whole file) in invalidDetailZh's forms; any other
 * detail is kept as it is.
 */
function keysDetailZh(detail: string): string {
  let m = /^the id (.+) appears twice$/.exec(detail);
  if (m !== null) return `编号 ${m[1]} 出现了两次`;
  m = /^the keys of (.+) and (.+) are one$/.exec(detail);
  if (m !== null) return `${m[1]} 与 ${m[2]} 的密钥相同`;
  m = /^(\S+): (?:Invalid input: )?(.+)$/.exec(detail);
  if (m === null) return detail;
  return `${m[1] === '(root)' ? '（根）' : m[1]}：${invalidDetailZh(m[2] as string)}`;
}

export const SERVE_ERRORS = {
  SERVE_KEY_MISSING: entry<'route'>(
    'error',
    (p) => `${p.route} 需要 API 密钥`,
    (p) => `${p.route} needs an API key`,
    () =>
      'Send the key as `Authorization: Bearer <key>` (or `X-API-Key: <key>`); the operator issues keys with `gepkit serve key`.',
    () =>
      '请以 `Authorization: Bearer <key>`（或 `X-API-Key: <key>`）发送密钥；运维人员用 `gepkit serve key` 签发密钥。',
  ),
  SERVE_KEY_UNKNOWN: entry(
    'error',
    () => 'API 密钥无效',
    () => 'The API key is not valid',
    () =>
      'Check the key you were given; a key removed from the keys file no longer works (the server reads the file at start).',
    () => '请检查您获得的密钥；已从密钥文件中删除的密钥不再有效（服务器在启动时读取该文件）。',
  ),
  SERVE_KEY_CONFLICT: entry(
    'error',
    () => '请求同时带有两个不同的 API 密钥（Authorization 与 X-API-Key）',
    () => 'The request carries two different API keys (Authorization and X-API-Key)',
    () => 'Send one key, in one of the two headers; the server does not choose between callers.',
    () => '请只发送一个密钥，放在两个请求头之一中；服务器不会在调用方之间作选择。',
  ),
  SERVE_ROLE_FORBIDDEN: entry<'allowed' | 'key' | 'role' | 'route'>(
    'error',
    (p) => `密钥 ${p.key}（角色 ${p.role}）无权访问 ${p.route}，需要角色：${p.allowed}`,
    (p) => `The key ${p.key} (role ${p.role}) may not use ${p.route}; roles allowed: ${p.allowed}`,
    () =>
      'Ask the operator for a key with one of the roles allowed (docs/service.md lists the roles of each route).',
    () => '请向运维人员申请具有所允许角色之一的密钥（docs/service.md 列出了各接口的角色）。',
  ),
  SERVE_BODY_TOO_LARGE: entry<'limit' | 'route'>(
    'error',
    (p) => `${p.route} 的请求体超过上限 ${p.limit} 字节`,
    (p) => `The request body of ${p.route} exceeds its limit of ${p.limit} bytes`,
    () =>
      'Split the request; a whole body is limited by --body-limit, a streamed one (/v1/vep/value, /v1/carbon/activities) by --stream-limit, both set by the operator. Large parcel or activity files go to the streamed routes.',
    () =>
      '请拆分请求；整体发送的请求体受 --body-limit 限制，流式请求体（/v1/vep/value、/v1/carbon/activities）受 --stream-limit 限制，两者均由运维人员设置。大型地块或活动文件请发往流式接口。',
  ),
  SERVE_RATE_LIMITED: entry<'key' | 'limit' | 'retryAfter'>(
    'error',
    (p) => `${p.key} 超过每分钟 ${p.limit} 次请求的限额，请 ${p.retryAfter} 秒后重试`,
    (p) => `${p.key} exceeded its limit of ${p.limit} requests per minute; retry after ${p.retryAfter} s`,
    () =>
      'Wait for the Retry-After header’s seconds; ask the operator for a higher per-key limit if the load is steady.',
    () => '请等待 Retry-After 头给出的秒数；若负载持续较高，请向运维人员申请提高单个密钥的限额。',
  ),
  SERVE_TIMEOUT: entry<'ms' | 'route'>(
    'error',
    (p) => `${p.route} 未在 ${p.ms} 毫秒内完成`,
    (p) => `${p.route} did not finish within ${p.ms} ms`,
    () =>
      'Send the body at once (not slowly), split a large request, or ask the operator for a longer --timeout.',
    () => '请一次性发送请求体（不要缓慢发送），拆分大型请求，或请运维人员调大 --timeout。',
  ),
  SERVE_NOT_FOUND: entry<'method' | 'route'>(
    'error',
    (p) => `没有此接口：${p.method} ${p.route}`,
    (p) => `No such endpoint: ${p.method} ${p.route}`,
    () => 'GET /openapi.json lists every endpoint and method.',
    () => 'GET /openapi.json 列出了所有接口及其方法。',
  ),
  SERVE_METHOD_NOT_ALLOWED: entry<'allowed' | 'method' | 'route'>(
    'error',
    (p) => `${p.route} 不支持 ${p.method} 方法，可用：${p.allowed}`,
    (p) => `${p.route} does not take ${p.method}; methods allowed: ${p.allowed}`,
    () => 'Use one of the methods the Allow header names; GET /openapi.json gives each route’s method.',
    () => '请使用 Allow 头列出的方法之一；GET /openapi.json 给出了各接口的方法。',
  ),
  SERVE_SHUTTING_DOWN: entry(
    'error',
    () => '服务器正在停止，请求未能完成',
    () => 'The server is shutting down; the request was not completed',
    () =>
      'Send the request again in a few seconds (a refusal’s Retry-After header gives them): the server is restarting, or another instance behind the proxy takes it. A stream that ends with this problem line was answered up to the line before it: of /v1/carbon/activities the lines answered are stored, the others are not.',
    () =>
      '请几秒后重新发送请求（拒绝响应的 Retry-After 头给出秒数）：服务器正在重启，或由代理后的另一实例接手。以此问题行结尾的流，此前各行均已应答：对 /v1/carbon/activities，已应答的行已保存，其余行未保存。',
  ),
  SERVE_MEDIA_TYPE: entry<'accepted' | 'type'>(
    'error',
    (p) => `不支持的请求体类型 ${p.type}，可用：${p.accepted}`,
    (p) => `Unsupported request body type ${p.type}; accepted: ${p.accepted}`,
    () => 'Set the Content-Type header to one of the types accepted.',
    () => '请将 Content-Type 头设为可接受的类型之一。',
  ),
  SERVE_ENCODING_UNSUPPORTED: entry<'encoding'>(
    'error',
    (p) => `不支持压缩的请求体（Content-Encoding: ${p.encoding}）`,
    (p) => `A compressed request body (Content-Encoding: ${p.encoding}) is not supported`,
    () => 'Send the body uncompressed, without a Content-Encoding header (or with identity).',
    () => '请发送未压缩的请求体，不带 Content-Encoding 头（或设为 identity）。',
  ),
  SERVE_PARAM_INVALID: entry<'detail' | 'name'>(
    'error',
    (p) => `参数 ${p.name} 无效：${paramDetailZh(String(p.detail))}`,
    (p) => `Invalid parameter ${p.name}: ${p.detail}`,
    () => 'GET /openapi.json gives each parameter’s allowed values.',
    () => 'GET /openapi.json 给出了各参数的允许取值。',
  ),
  SERVE_PARAM_UNKNOWN: entry<'known' | 'name' | 'route' | 'suggestion'>(
    'error',
    (p) => `${p.route} 没有参数 ${p.name}`,
    (p) => `${p.route} has no parameter ${p.name}`,
    (p) =>
      `${p.suggestion === '' ? '' : `Did you mean ${p.suggestion}? `}The parameters of ${p.route}: ${p.known} (GET /openapi.json describes them).`,
    (p) =>
      `${p.suggestion === '' ? '' : `是否想用 ${p.suggestion}？`}${p.route} 的参数：${p.known}（GET /openapi.json 对其有说明）。`,
  ),
  SERVE_PARAM_REPEATED: entry<'count' | 'name'>(
    'error',
    (p) => `参数 ${p.name} 出现了 ${p.count} 次，只能给一次`,
    (p) => `The parameter ${p.name} is given ${p.count} times; give it once`,
    () => 'Keep one value; a list parameter (exclude) takes its values comma-separated in one parameter.',
    () => '只保留一个值；列表参数（exclude）应在一个参数中以逗号分隔给出其各个值。',
  ),
  SERVE_CONTEXT_UNKNOWN: entry<'id'>(
    'error',
    (p) => `服务器上没有估值情景 ${p.id}`,
    (p) => `No valuation context ${p.id} on this server`,
    () =>
      'POST the context to /v1/vep/contexts (again: the server keeps the last 64, and none across restarts) and use the id it gives.',
    () =>
      '请将该情景 POST 到 /v1/vep/contexts（需重新提交：服务器只保留最近 64 个，重启后一个不留），并使用返回的 id。',
  ),
  SERVE_KEYS_INVALID: entry<'detail' | 'file'>(
    'error',
    (p) => `密钥文件 ${p.file} 无效：${keysDetailZh(String(p.detail))}`,
    (p) => `The keys file ${p.file} is not valid: ${p.detail}`,
    () =>
      'The file is JSON: {"keys": [{"id", "role", "sha256"}]} (docs/service.md); add keys with `gepkit serve key`.',
    () =>
      '该文件为 JSON：{"keys": [{"id", "role", "sha256"}]}（docs/service.md）；请用 `gepkit serve key` 添加密钥。',
  ),
  SERVE_INTERNAL: entry<'id'>(
    'error',
    (p) => `服务内部错误（请求 ${p.id}）`,
    (p) => `Internal error (request ${p.id})`,
    () => 'The server log has the details under this request id; please report it.',
    () => '服务器日志按此请求 id 记录了详细信息；请报告此问题。',
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type ServeErrorCode = keyof typeof SERVE_ERRORS;

// Declared with their type so that TypeScript treats a call of `serveFail` as never returning.
const builders: IssueBuilders<typeof SERVE_ERRORS> = issuesOf(SERVE_ERRORS);
export const serveIssue: IssueBuilders<typeof SERVE_ERRORS>['issue'] = builders.issue;
export const serveFail: IssueBuilders<typeof SERVE_ERRORS>['fail'] = builders.fail;
