import * as z from 'zod';
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

const id = z.string().min(1).max(64);
const zoneRef = id
  .optional()
  .meta({ description: 'Id of a zone declared under "zones"; absent = the whole region.' });
const area = quantity('area', 'area');

export const SECTORS = ['agriculture', 'forestry', 'animal_husbandry', 'fishery'] as const;
export const WATER_USES = ['domestic', 'industrial', 'agricultural'] as const;
/** Pollutant ids: COD, 氨氮, 总磷, 总氮, 悬浮物, BOD₅; SO₂, NOx, 烟尘 (soot), 一般性粉尘 (dust), 氟化物, PM. */
export const WATER_POLLUTANTS = ['cod', 'nh3n', 'tp', 'tn', 'ss', 'bod5'] as const;
export const AIR_POLLUTANTS = ['so2', 'nox', 'soot', 'dust', 'fluoride', 'pm'] as const;

/** Totals by ecosystem type (optionally by zone) computed elsewhere, in a unit of one dimension. */
const totals = (dim: 'volume' | 'energy', what: string) =>
  z
    .array(
      z
        .object({
          zone: zoneRef,
          ecosystem: z.string().min(1),
          amount: quantity(dim, what),
          note: z.string().optional(),
        })
        .strict(),
    )
    .default([]);

const emission = <P extends readonly [string, ...string[]]>(pollutants: P) =>
  z
    .object({
      pollutant: z.enum(pollutants),
      zone: zoneRef,
      amount: quantity('mass', 'emission'),
      note: z.string().optional(),
    })
    .strict();

export const ENERGY_KINDS = ['hydropower', 'wind', 'solar', 'biomass', 'other'] as const;

const product = z
  .object({
    name: z.string().min(1),
    quantity: anyQuantity('output quantity'),
    price: price('any', 'price'),
    note: z.string().optional(),
  })
  .strict();

const sectorRecord = z
  .object({
    sector: z.enum(SECTORS),
    zone: zoneRef,
    products: z
      .array(product)
      .optional()
      .meta({ description: 'Output quantities × market prices (market value method).' }),
    grossOutput: money('gross output')
      .optional()
      .meta({ description: '总产值 from the statistical yearbook.' }),
    intermediateConsumption: money('intermediate consumption').optional(),
    valueAdded: money('value added')
      .optional()
      .meta({ description: '增加值; derived as gross − intermediate if absent.' }),
    depreciation: money('depreciation').optional(),
    netOutput: money('net output')
      .optional()
      .meta({ description: '净产值; derived as value added − depreciation if absent.' }),
    ecologicalShare: share
      .optional()
      .meta({ description: 'Share of gross output attributed to the ecosystem (0–1).' }),
    note: z.string().optional(),
  })
  .strict();

export const inputSchema = z
  .object({
    $schema: z.string().optional(),
    region: z
      .object({
        name: z.string().min(1),
        code: adminCode.optional().meta({
          description: 'Administrative division code (e.g. 361028); selects regional coefficients by prefix.',
        }),
        level: z.enum(['province', 'city', 'county', 'township', 'village', 'unit']),
        note: z.string().optional(),
      })
      .strict(),
    year: year.meta({ description: 'Accounting year.' }),
    totalArea: area
      .optional()
      .meta({ description: 'Administrative area, checked against the ecosystem areas.' }),
    zones: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            area: area.optional(),
            geometry: geometrySchema.optional().meta({
              description:
                'The zone’s outline: GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490), drawn as the report’s zone map.',
            }),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    ecosystems: z
      .array(z.object({ type: z.string().min(1), zone: zoneRef, area, note: z.string().optional() }).strict())
      .min(1)
      .meta({
        description: 'Ecosystem areas by type (codes of the profile classification), optionally by zone.',
      }),
    climate: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1).optional(),
            precipitation: quantity('length', 'precipitation').optional(),
            evapotranspiration: quantity('length', 'evapotranspiration').optional(),
            acDays: quantity('time', 'air-conditioning days').optional().meta({
              description: 'D: days with a daily maximum temperature above 26 °C (climate regulation).',
            }),
            relativeHumidity: fraction('relative humidity').optional().meta({
              description: 'Mean relative humidity as a fraction (0.45 = 45 %), for the humidifying switch.',
            }),
            stormPrecipitation: quantity('length', 'storm precipitation')
              .optional()
              .meta({ description: 'Annual rainfall of storm events (flood regulation by vegetation).' }),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({
        description:
          'Annual climate and hydrology; the most specific record (zone+type > type > zone > region) applies.',
      }),
    soilFactors: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            R: quantity('rusle_R', 'rainfall erosivity R'),
            K: quantity('rusle_K', 'soil erodibility K'),
            LS: nonNegativeDecimal('slope length-steepness LS'),
            C: fraction('cover-management factor C'),
            P: fraction('support-practice factor P').optional().meta({ description: 'Absent = 1.' }),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Mean RUSLE factors by ecosystem type (optionally by zone and type).' }),
    soilRetention: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            amount: quantity('mass', 'soil retention'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Soil retention totals by type computed elsewhere (GIS), t/a.' }),
    waterConservation: totals('volume', 'water conserved').meta({
      description:
        'Water conservation totals by type computed elsewhere (GIS, a published account), m³/a; read when R1’s switch source is "totals".',
    }),
    climateRegulation: totals('energy', 'energy saved').meta({
      description:
        'Climate regulation totals by type computed elsewhere (kWh/a); read when R8’s switch source is "totals".',
    }),
    waterBodies: z
      .object({
        lakes: z
          .array(
            z
              .object({
                name: z.string().min(1),
                zone: zoneRef,
                area: positiveQuantity('area', 'lake area'),
                exchangeCount: nonNegativeDecimal('water exchange count').optional().meta({
                  description: 'T: times the lake volume is exchanged per year (for e^a × A^b × T).',
                }),
                floodStorage: quantity('volume', 'known flood-regulation storage').optional().meta({
                  description: 'A known flood-regulation storage of the lake (m³): replaces e^a × A^b × T.',
                }),
                note: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
        wetlands: z
          .array(
            z
              .object({
                name: z.string().min(1),
                zone: zoneRef,
                ecosystem: z.string().min(1),
                floodStorage: quantity('volume', 'known flood-regulation storage'),
                note: z.string().optional(),
              })
              .strict(),
          )
          .default([])
          .meta({
            description:
              'Wetlands with a known flood-regulation storage (m³): replaces S × h for the marsh rows of the same zone and type.',
          }),
        reservoirs: z
          .array(
            z
              .object({
                name: z.string().min(1),
                zone: zoneRef,
                totalStorage: quantity('volume', 'total storage'),
                floodStorage: quantity('volume', 'flood-control storage').optional(),
                note: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ lakes: [], wetlands: [], reservoirs: [] }),
    emissions: z
      .object({
        water: z.array(emission(WATER_POLLUTANTS)).default([]),
        air: z.array(emission(AIR_POLLUTANTS)).default([]),
      })
      .strict()
      .default({ water: [], air: [] })
      .meta({ description: 'Annual pollutant emissions (t/a), region-wide or by zone.' }),
    productivity: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            npp: quantity('mass_DM_per_area', 'NPP')
              .optional()
              .meta({ description: 'Net primary productivity, dry matter.' }),
            nep: quantity('mass_C_per_area', 'NEP')
              .optional()
              .meta({ description: 'Net ecosystem productivity, carbon.' }),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Mean productivity by ecosystem type (optionally by zone and type).' }),
    forestInventory: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            stockVolume: quantity('volume', 'standing stock volume'),
            grossGrowthRate: fraction('gross growth rate'),
            harvestRate: fraction('harvest rate'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Forest inventory strata: standing volume and annual growth and harvest rates.' }),
    airIons: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            concentration: quantity('ion_concentration', 'negative ion concentration'),
            standHeight: quantity('length', 'stand height'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    sandFixation: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1).optional(),
            amount: quantity('mass', 'sand fixed'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Sand fixed (t/a, RWEQ potential − actual), computed elsewhere.' }),
    pestControl: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1),
            area: quantity('area', 'self-recovering area'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Area of forest or grassland that recovers from pests without intervention.' }),
    coastalProtection: z
      .array(
        z
          .object({
            zone: zoneRef,
            name: z.string().min(1),
            length: quantity('length', 'protected coastline'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    noiseReduction: z
      .array(
        z
          .object({
            zone: zoneRef,
            ecosystem: z.string().min(1).optional(),
            name: z.string().min(1),
            length: quantity('length', 'noise barrier length'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    landscape: z
      .array(
        z
          .object({
            zone: zoneRef,
            name: z.string().min(1),
            area: quantity('area', 'benefiting area'),
            premium: price(['area'], 'landscape premium'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Hedonic landscape premium: benefiting property area × premium per unit area.' }),
    customIndicators: customIndicatorsSchema.default([]).meta({
      description: 'Local indicators declared in data, with sandboxed formulas (docs/custom-indicators.md).',
    }),
    materialProducts: z.array(sectorRecord).default([]),
    waterSupply: z
      .array(
        z
          .object({
            use: z.enum(WATER_USES),
            zone: zoneRef,
            volume: quantity('volume', 'water volume'),
            price: price(['volume'], 'water price')
              .optional()
              .meta({ description: 'Absent = the profile table price.' }),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    energy: z
      .array(
        z
          .object({
            kind: z.enum(ENERGY_KINDS),
            zone: zoneRef,
            generation: quantity('energy', 'generation'),
            tariff: price(['energy'], 'tariff'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    tourism: z
      .object({
        segments: z
          .array(
            z
              .object({
                name: z.string().min(1),
                zone: zoneRef,
                visits: quantity('visits', 'visits'),
                spendingPerVisit: price(['visits'], 'spending per visit'),
                timeCostPerVisit: price(['visits'], 'time cost per visit').optional(),
                consumerSurplusPerVisit: price(['visits'], 'consumer surplus per visit').optional(),
                note: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
        revenue: z
          .array(
            z
              .object({
                zone: zoneRef,
                amount: money('tourism revenue'),
                ecologicalShare: share,
                note: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    overrides: z
      .object({
        tables: z
          .array(z.unknown())
          .default([])
          .meta({ description: 'Coefficient tables (docs/coefficient-tables.md).' }),
        priceIndices: z.array(z.unknown()).default([]).meta({
          description: 'Price-index tables (kind "price-index") for deflator rules (options.deflators).',
        }),
      })
      .strict()
      .optional(),
    notes: z.array(z.string()).optional(),
    meta: z
      .object({ title: bilingual.optional(), sources: z.array(z.string()).optional() })
      .passthrough()
      .optional(),
  })
  .strict();

export type AccountInput = z.output<typeof inputSchema>;
export type AccountInputJson = z.input<typeof inputSchema>;
