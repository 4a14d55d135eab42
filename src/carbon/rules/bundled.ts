import evidenceDemo from '../../../coefficients/carbon/rules/evidence-paths-demo.json';
import lvbao from '../../../coefficients/carbon/rules/jx-lvbao-example.json';
import { fail } from '../../core/errors';
import { type RuleSet, loadRuleSet } from './rules';

/** The example rule sets shipped with gepkit (coefficients/carbon/rules). */
let cache: RuleSet[] | undefined;

export function bundledRuleSets(): readonly RuleSet[] {
  cache ??= [
    loadRuleSet(lvbao, ['coefficients/carbon/rules/jx-lvbao-example.json']),
    loadRuleSet(evidenceDemo, ['coefficients/carbon/rules/evidence-paths-demo.json']),
  ];
  return cache;
}

export function bundledRuleSet(idOrRef: string): RuleSet {
  const s = bundledRuleSets().find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (s === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return s;
}
