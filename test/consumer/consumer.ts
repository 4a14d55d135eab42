// A consumer of the published package: every subpath imported, and the types it relies on checked. The same file
// is type checked in a scratch ESM project and a scratch CommonJS project (NodeNext, skipLibCheck false) by
// scripts/consumer-check.mjs.
import {
  type AccountInputJson,
  type AccountOptions,
  type AccountResult,
  type BundledIndicatorCode,
  type BundledProfileId,
  Decimal,
  account,
  dec,
} from 'gepkit';
import { ERROR_CATALOGUE, type ErrorCode, hasCode } from 'gepkit/errors';
import { accountResultSchema, inputJsonSchema } from 'gepkit/schema';
import * as carbon from 'gepkit/carbon';
import * as carbonNode from 'gepkit/carbon/node';
import * as raster from 'gepkit/raster';
import * as rasterNode from 'gepkit/raster/node';
import * as vep from 'gepkit/vep';
import * as vepNode from 'gepkit/vep/node';
import * as xlsx from 'gepkit/xlsx';

type IsAny<T> = 0 extends 1 & T ? true : false;

// Decimal is decimal.js's class, not `any`.
const decimalIsTyped: IsAny<Decimal> = false;
const half: Decimal = dec('1.5').plus(new Decimal(1)).div(5);
// @ts-expect-error a Decimal is not a string
const notAString: string = half;

// Profile ids and indicator codes are literal unions (autocompleted), custom ids still allowed.
const profile: BundledProfileId = 'jx-db36-1402-2021';
const code: BundledIndicatorCode = 'R6';
// @ts-expect-error not a bundled profile id
const unknownProfile: BundledProfileId = 'no-such-profile';
const options: AccountOptions = {
  profile,
  exclude: [code, 'MY-LOCAL-1'],
  methods: { R1: 'water-conservation/water-balance@1' },
  baseYear: 2015,
};

// Typed input: the JSON shape with its field names; account() also takes unknown JSON.
const input: AccountInputJson = JSON.parse('{}') as AccountInputJson;
const run = (): AccountResult => account(input, options);
const fromFile = (json: unknown): string => account(json).totals.gep.current;

const someCode: ErrorCode = 'INPUT_INVALID';
const matched: boolean = hasCode(new Error('x'), someCode);
// @ts-expect-error a misspelt code does not compile
hasCode(new Error('x'), 'INPUT_INVALD');
// The JSON Schemas and the output schemas come from gepkit/schema.
const inputSchemaTitle: unknown = inputJsonSchema()['title'];
const resultIsValid = (json: unknown): boolean => accountResultSchema.safeParse(json).success;
export const used = [
  decimalIsTyped,
  notAString,
  unknownProfile,
  run,
  fromFile,
  ERROR_CATALOGUE[someCode],
  matched,
  inputSchemaTitle,
  resultIsValid,
  carbon,
  carbonNode,
  raster,
  rasterNode,
  vep,
  vepNode,
  xlsx,
];
