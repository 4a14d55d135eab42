import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { parseJsonBytes } from './json-bytes';

const bytes = (text: string) => new TextEncoder().encode(text);
const refusal = (b: Uint8Array, name: string) => {
  try {
    parseJsonBytes(b, name);
  } catch (e) {
    if (e instanceof GepError) return e.issues.map((i) => ({ code: i.code, path: i.path, zh: i.message.zh }));
    throw e;
  }
  throw new Error('expected a GepError');
};

describe('parseJsonBytes', () => {
  it('reads UTF-8 and clean GBK JSON alike', () => {
    expect(parseJsonBytes(bytes('{"name": "东山县", "year": 2020}'), 'in.json')).toEqual({
      name: '东山县',
      year: 2020,
    });
    // 东山 in GBK: B6 AB C9 BD
    const gbk = Uint8Array.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xb6, 0xab, 0xc9, 0xbd, 0x22, 0x7d]);
    expect(parseJsonBytes(gbk, 'in.json')).toEqual({ n: '东山' });
  });

  it('names the input in each refusal, a file as written and a request body in Chinese', () => {
    expect(refusal(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), 'in.json')).toEqual([
      { code: 'INPUT_ENCODING', path: [], zh: expect.stringMatching(/^文件 in\.json 的编码无法识别：/) },
    ]);
    expect(refusal(bytes('{"a": 1,}'), 'in.json')[0]).toMatchObject({ code: 'INPUT_NOT_JSON', path: [] });
    expect(refusal(bytes('{"a": 1,}'), 'in.json')[0]?.zh).toBe(
      '文件不是有效的 JSON：in.json：位置 8：应为双引号括起的属性名',
    );
    expect(refusal(bytes('{"a": {"k": 1, "k": 2}}'), 'request body')).toEqual([
      { code: 'INPUT_DUPLICATE_KEY', path: ['a', 'k'], zh: '请求体 中同一对象内键“k”出现两次' },
    ]);
    expect(refusal(bytes(`${'['.repeat(101)}${']'.repeat(101)}`), 'request body')[0]).toMatchObject({
      code: 'INPUT_TOO_DEEP',
      zh: '请求体 中的对象与数组嵌套超过 100 层',
    });
    expect(refusal(bytes('{"year": 1e309}'), 'in.json')).toEqual([
      { code: 'NUMBER_OUT_OF_RANGE', path: ['year'], zh: expect.stringContaining('1e309') },
    ]);
  });
});
