import * as z from 'zod/mini';
import { customIndicatorsSchema } from '../custom/schema';
import { geometrySchema } from './geometry';
import {
  anyQuantity,
  bilingual,
  fraction,
  money,
  nonNegativeDecimal,
  positiveQuantity,
  price,
  quantity,
  share,
  year,
  adminCode,
} from '../core/schema';

/**
 * The account input (docs/input-format.md). Every number is a decimal string or JSON number; every quantity
 * carries its unit; every price and money amount carries its price year. Exported as JSON Schema by
 * `gepkit schema input`.
 */

const id = z.string().check(z.minLength(1), z.maxLength(64));
const zoneRef = z
  .optional(id)
  .check(z.meta({ description: 'Id of a zone declared under "zones"; absent = the whole region.' }));
const area = quantity('area', 'area');

export const SECTORS = ['agriculture', 'forestry', 'animal_husbandry', 'fishery'] as const;
export const WATER_USES = ['domestic', 'industrial', 'agricultural'] as const;
/** Pollutant ids: COD, 氨氮, 总磷, 总氮, 悬浮物, BOD₅; SO₂, NOx, 烟尘 (soot), 一般性粉尘 (dust), 氟化物, PM. */
export const WATER_POLLUTANTS = ['cod', 'nh3n', 'tp', 'tn', 'ss', 'bod5'] as const;
export const AIR_POLLUTANTS = ['so2', 'nox', 'soot', 'dust', 'fluoride', 'pm'] as const;

/** Totals by ecosystem type (optionally by zone) computed elsewhere, in a unit of one dimension. */
const totals = (dim: 'volume' | 'energy', what: string) =>
  z._default(
    z.array(
      z.strictObject({
        zone: zoneRef,
        ecosystem: z.string().check(z.minLength(1)),
        amount: quantity(dim, what),
        note: z.optional(z.string()),
      }),
    ),
    [],
  );

const emission = <P extends readonly [string, ...string[]]>(pollutants: P) =>
  z.strictObject({
    pollutant: z.enum(pollutants),
    zone: zoneRef,
    amount: quantity('mass', 'emission'),
    note: z.optional(z.string()),
  });

export const ENERGY_KINDS = ['hydropower', 'wind', 'solar', 'biomass', 'other'] as const;

const product = z.strictObject({
  name: z.string().check(z.minLength(1)),
  quantity: anyQuantity('output quantity'),
  price: price('any', 'price'),
  note: z.optional(z.string()),
});

const sectorRecord = z.strictObject({
  sector: z.enum(SECTORS),
  zone: zoneRef,
  products: z
    .optional(z.array(product))
    .check(z.meta({ description: 'Output quantities × market prices (market value method).' })),
  grossOutput: z
    .optional(money('gross output'))
    .check(z.meta({ description: '总产值 from the statistical yearbook.' })),
  intermediateConsumption: z.optional(money('intermediate consumption')),
  valueAdded: z
    .optional(money('value added'))
    .check(z.meta({ description: '增加值; derived as gross − intermediate if absent.' })),
  depreciation: z.optional(money('depreciation')),
  netOutput: z
    .optional(money('net output'))
    .check(z.meta({ description: '净产值; derived as value added − depreciation if absent.' })),
  ecologicalShare: z
    .optional(share)
    .check(z.meta({ description: 'Share of gross output attributed to the ecosystem (0–1).' })),
  note: z.optional(z.string()),
});

export const inputSchema = z.strictObject({
  $schema: z.optional(z.string()),
  region: z.strictObject({
    name: z.string().check(z.minLength(1)),
    code: z.optional(adminCode).check(
      z.meta({
        description: 'Administrative division code (e.g. 361028); selects regional coefficients by prefix.',
      }),
    ),
    level: z.enum(['province', 'city', 'county', 'township', 'village', 'unit']),
    note: z.optional(z.string()),
  }),
  year: year.check(z.meta({ description: 'Accounting year.' })),
  totalArea: z
    .optional(area)
    .check(z.meta({ description: 'Administrative area, checked against the ecosystem areas.' })),
  zones: z._default(
    z.array(
      z.strictObject({
        id,
        name: z.string().check(z.minLength(1)),
        area: z.optional(area),
        geometry: z.optional(geometrySchema).check(
          z.meta({
            description:
              'The zone’s outline: GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490), drawn as the report’s zone map.',
          }),
        ),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  ecosystems: z
    .array(
      z.strictObject({
        type: z.string().check(z.minLength(1)),
        zone: zoneRef,
        area,
        note: z.optional(z.string()),
      }),
    )
    .check(
      z.minLength(1),
      z.meta({
        description: 'Ecosystem areas by type (codes of the profile classification), optionally by zone.',
      }),
    ),
  climate: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.optional(z.string().check(z.minLength(1))),
          precipitation: z.optional(quantity('length', 'precipitation')),
          evapotranspiration: z.optional(quantity('length', 'evapotranspiration')),
          acDays: z.optional(quantity('time', 'air-conditioning days')).check(
            z.meta({
              description: 'D: days with a daily maximum temperature above 26 °C (climate regulation).',
            }),
          ),
          relativeHumidity: z.optional(fraction('relative humidity')).check(
            z.meta({
              description: 'Mean relative humidity as a fraction (0.45 = 45 %), for the humidifying switch.',
            }),
          ),
          stormPrecipitation: z
            .optional(quantity('length', 'storm precipitation'))
            .check(
              z.meta({ description: 'Annual rainfall of storm events (flood regulation by vegetation).' }),
            ),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(
      z.meta({
        description:
          'Annual climate and hydrology; the most specific record (zone+type > type > zone > region) applies.',
      }),
    ),
  soilFactors: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.string().check(z.minLength(1)),
          R: quantity('rusle_R', 'rainfall erosivity R'),
          K: quantity('rusle_K', 'soil erodibility K'),
          LS: nonNegativeDecimal('slope length-steepness LS'),
          C: fraction('cover-management factor C'),
          P: z.optional(fraction('support-practice factor P')).check(z.meta({ description: 'Absent = 1.' })),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(z.meta({ description: 'Mean RUSLE factors by ecosystem type (optionally by zone and type).' })),
  soilRetention: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.string().check(z.minLength(1)),
          amount: quantity('mass', 'soil retention'),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(z.meta({ description: 'Soil retention totals by type computed elsewhere (GIS), t/a.' })),
  waterConservation: totals('volume', 'water conserved').check(
    z.meta({
      description:
        'Water conservation totals by type computed elsewhere (GIS, a published account), m³/a; read when R1’s switch source is "totals".',
    }),
  ),
  climateRegulation: totals('energy', 'energy saved').check(
    z.meta({
      description:
        'Climate regulation totals by type computed elsewhere (kWh/a); read when R8’s switch source is "totals".',
    }),
  ),
  waterBodies: z._default(
    z.strictObject({
      lakes: z._default(
        z.array(
          z.strictObject({
            name: z.string().check(z.minLength(1)),
            zone: zoneRef,
            area: positiveQuantity('area', 'lake area'),
            exchangeCount: z.optional(nonNegativeDecimal('water exchange count')).check(
              z.meta({
                description: 'T: times the lake volume is exchanged per year (for e^a × A^b × T).',
              }),
            ),
            floodStorage: z.optional(quantity('volume', 'known flood-regulation storage')).check(
              z.meta({
                description: 'A known flood-regulation storage of the lake (m³): replaces e^a × A^b × T.',
              }),
            ),
            note: z.optional(z.string()),
          }),
        ),
        [],
      ),
      wetlands: z
        ._default(
          z.array(
            z.strictObject({
              name: z.string().check(z.minLength(1)),
              zone: zoneRef,
              ecosystem: z.string().check(z.minLength(1)),
              floodStorage: quantity('volume', 'known flood-regulation storage'),
              note: z.optional(z.string()),
            }),
          ),
          [],
        )
        .check(
          z.meta({
            description:
              'Wetlands with a known flood-regulation storage (m³): replaces S × h for the marsh rows of the same zone and type.',
          }),
        ),
      reservoirs: z._default(
        z.array(
          z.strictObject({
            name: z.string().check(z.minLength(1)),
            zone: zoneRef,
            totalStorage: quantity('volume', 'total storage'),
            floodStorage: z.optional(quantity('volume', 'flood-control storage')),
            note: z.optional(z.string()),
          }),
        ),
        [],
      ),
    }),
    { lakes: [], wetlands: [], reservoirs: [] },
  ),
  emissions: z
    ._default(
      z.strictObject({
        water: z._default(z.array(emission(WATER_POLLUTANTS)), []),
        air: z._default(z.array(emission(AIR_POLLUTANTS)), []),
      }),
      { water: [], air: [] },
    )
    .check(z.meta({ description: 'Annual pollutant emissions (t/a), region-wide or by zone.' })),
  productivity: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.string().check(z.minLength(1)),
          npp: z
            .optional(quantity('mass_DM_per_area', 'NPP'))
            .check(z.meta({ description: 'Net primary productivity, dry matter.' })),
          nep: z
            .optional(quantity('mass_C_per_area', 'NEP'))
            .check(z.meta({ description: 'Net ecosystem productivity, carbon.' })),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(z.meta({ description: 'Mean productivity by ecosystem type (optionally by zone and type).' })),
  forestInventory: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.string().check(z.minLength(1)),
          stockVolume: quantity('volume', 'standing stock volume'),
          grossGrowthRate: fraction('gross growth rate'),
          harvestRate: fraction('harvest rate'),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(
      z.meta({
        description: 'Forest inventory strata: standing volume and annual growth and harvest rates.',
      }),
    ),
  airIons: z._default(
    z.array(
      z.strictObject({
        zone: zoneRef,
        ecosystem: z.string().check(z.minLength(1)),
        concentration: quantity('ion_concentration', 'negative ion concentration'),
        standHeight: quantity('length', 'stand height'),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  sandFixation: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.optional(z.string().check(z.minLength(1))),
          amount: quantity('mass', 'sand fixed'),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(z.meta({ description: 'Sand fixed (t/a, RWEQ potential − actual), computed elsewhere.' })),
  pestControl: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          ecosystem: z.string().check(z.minLength(1)),
          area: quantity('area', 'self-recovering area'),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(
      z.meta({ description: 'Area of forest or grassland that recovers from pests without intervention.' }),
    ),
  coastalProtection: z._default(
    z.array(
      z.strictObject({
        zone: zoneRef,
        name: z.string().check(z.minLength(1)),
        length: quantity('length', 'protected coastline'),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  noiseReduction: z._default(
    z.array(
      z.strictObject({
        zone: zoneRef,
        ecosystem: z.optional(z.string().check(z.minLength(1))),
        name: z.string().check(z.minLength(1)),
        length: quantity('length', 'noise barrier length'),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  landscape: z
    ._default(
      z.array(
        z.strictObject({
          zone: zoneRef,
          name: z.string().check(z.minLength(1)),
          area: quantity('area', 'benefiting area'),
          premium: price(['area'], 'landscape premium'),
          note: z.optional(z.string()),
        }),
      ),
      [],
    )
    .check(
      z.meta({ description: 'Hedonic landscape premium: benefiting property area × premium per unit area.' }),
    ),
  customIndicators: z._default(customIndicatorsSchema, []).check(
    z.meta({
      description: 'Local indicators declared in data, with sandboxed formulas (docs/custom-indicators.md).',
    }),
  ),
  materialProducts: z._default(z.array(sectorRecord), []),
  waterSupply: z._default(
    z.array(
      z.strictObject({
        use: z.enum(WATER_USES),
        zone: zoneRef,
        volume: quantity('volume', 'water volume'),
        price: z
          .optional(price(['volume'], 'water price'))
          .check(z.meta({ description: 'Absent = the profile table price.' })),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  energy: z._default(
    z.array(
      z.strictObject({
        kind: z.enum(ENERGY_KINDS),
        zone: zoneRef,
        generation: quantity('energy', 'generation'),
        tariff: price(['energy'], 'tariff'),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
  tourism: z.optional(
    z.strictObject({
      segments: z._default(
        z.array(
          z.strictObject({
            name: z.string().check(z.minLength(1)),
            zone: zoneRef,
            visits: quantity('visits', 'visits'),
            spendingPerVisit: price(['visits'], 'spending per visit'),
            timeCostPerVisit: z.optional(price(['visits'], 'time cost per visit')),
            consumerSurplusPerVisit: z.optional(price(['visits'], 'consumer surplus per visit')),
            note: z.optional(z.string()),
          }),
        ),
        [],
      ),
      revenue: z._default(
        z.array(
          z.strictObject({
            zone: zoneRef,
            amount: money('tourism revenue'),
            ecologicalShare: share,
            note: z.optional(z.string()),
          }),
        ),
        [],
      ),
    }),
  ),
  overrides: z.optional(
    z.strictObject({
      tables: z
        ._default(z.array(z.unknown()), [])
        .check(z.meta({ description: 'Coefficient tables (docs/coefficient-tables.md).' })),
      priceIndices: z._default(z.array(z.unknown()), []).check(
        z.meta({
          description: 'Price-index tables (kind "price-index") for deflator rules (options.deflators).',
        }),
      ),
    }),
  ),
  notes: z.optional(z.array(z.string())),
  meta: z.optional(z.looseObject({ title: z.optional(bilingual), sources: z.optional(z.array(z.string())) })),
});

export type AccountInput = z.output<typeof inputSchema>;
export type AccountInputJson = z.input<typeof inputSchema>;
