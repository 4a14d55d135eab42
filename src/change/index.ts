/**
 * Change accounting by line, shared by GEP accounts (a county's year-on-year comparison) and parcel valuation:
 * volume, mix, price and unsplit effects with ΔV = volume + mix + price + unsplit exact to the fen. Imports only
 * core; platform-neutral.
 */
export {
  decomposeChange,
  type CellChange,
  type Decomposition,
  type Effects,
  type LineChange,
  type PricedLine,
} from './decompose';
export { roundFen, yuanOfFen } from './fen';
