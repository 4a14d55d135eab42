// The small account of the calculation-detail tests (src/account/detail.test.ts, src/xlsx/detail.test.ts).

/** One rice line priced in the accounting year, one water-conservation line with a coefficient of its type. */
export const small = {
  region: { name: '测试县', code: '361099', level: 'county' },
  year: 2020,
  ecosystems: [{ type: 'forest.broadleaf', area: { value: '10', unit: 'km2' } }],
  climate: [
    { precipitation: { value: '1800', unit: 'mm' } },
    { ecosystem: 'forest.broadleaf', evapotranspiration: { value: '800', unit: 'mm' } },
  ],
  materialProducts: [
    {
      sector: 'agriculture',
      products: [
        {
          name: '稻谷',
          quantity: { value: '5200', unit: 't' },
          price: { value: '2600', unit: 'yuan/t', priceYear: 2020 },
        },
      ],
    },
  ],
};
export const ONLY = {
  exclude: ['M2', 'M3', 'M4', 'M5', 'M6', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'C1'] as never[],
};
