import { describe, expect, it } from 'vitest';
import { priceIndicesText } from './price-indices-text';

describe('priceIndicesText', () => {
  it('names the index alone, or with each deflator rule in order and the prices it moves', () => {
    expect(priceIndicesText('cn-cpi-1978@1.0.0', [])).toBe('cn-cpi-1978@1.0.0');
    expect(
      priceIndicesText('cn-cpi-1978@1.0.0', [
        { match: 'price.reservoir', index: 'jx-cci@1.0.0' },
        { match: '', index: 'jx-ppi@1.0.0' },
      ]),
    ).toBe(
      'cn-cpi-1978@1.0.0; deflators, first match wins: price.reservoir… → jx-cci@1.0.0, every price → jx-ppi@1.0.0',
    );
  });
});
