/** gepkit/carbon — carbon-inclusion (碳普惠) reductions, forestry sinks, point rules and a verifiable ledger. */
export { CARBON_ERRORS } from './errors';
